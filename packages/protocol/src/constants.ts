/**
 * protocol's TypeBox-free entry, `@mugharred/protocol/constants`: limits, close and error codes, text rules. The
 * browser takes values from here and only types from the main entry, so no schema code reaches its bundle.
 */
export * from './limits.js';
export * from './close-codes.js';
export * from './error-codes.js';
export * from './text-rules.js';
