/** Complaint handling core: classification decision, SLA policy and clock arithmetic. */
export * from './types';
export * from './clock';
export * from './classify';
export * from './policy';
export * from './tokenize';
