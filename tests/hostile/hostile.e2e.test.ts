import { badInputCases } from './cases/bad-input.js';
import { markupCases } from './cases/markup-in-browser.js';
import { PROCESS_FAULTS_STACK_ENV, processFaultCases } from './cases/process-faults.js';
import { FAULTS_STACK_ENV, redisFaultCases } from './cases/redis-faults.js';
import { tokenCases } from './cases/tokens.js';
import { ROOMY_LIMITS, useHostileStack } from './support/stack.js';

// One stack for these categories (starting one is most of the cost), with Janus for the voice faults. Redis faults
// go last: they leave the worker stopped.
const stack = useHostileStack({ ...ROOMY_LIMITS, ...FAULTS_STACK_ENV, ...PROCESS_FAULTS_STACK_ENV }, { janus: true });
badInputCases(stack);
tokenCases(stack);
markupCases(stack);
processFaultCases(stack);
redisFaultCases(stack);
