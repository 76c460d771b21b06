/** Plan execution workflows. */
export { contactCustomer } from './contact-customer';
export { minimalContact } from './minimal-contact';
export { runPlan } from './run-plan';
