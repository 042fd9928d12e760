import { LIMITS_STACK_ENV, limitCases } from './cases/limits-and-slow-clients.js';
import { useHostileStack } from './support/stack.js';

// A stack of its own: these cases spend the edge's per-address budgets, which the other categories would need.
limitCases(useHostileStack(LIMITS_STACK_ENV));
