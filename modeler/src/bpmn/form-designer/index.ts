import { FormDesigner } from './form-designer';

/** The form-js editor for user task forms, opened from the properties panel. */
export default {
  formDesigner: ['type', FormDesigner],
};
