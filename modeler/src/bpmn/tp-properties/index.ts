import formDesignerModule from '../form-designer';
import { TpPropertiesProvider } from './tp-properties-provider';

/** Properties-panel extension for the `tp:` attributes (core/bpmn/tp-moddle.json). */
export default {
  __depends__: [formDesignerModule],
  __init__: ['tpPropertiesProvider'],
  tpPropertiesProvider: ['type', TpPropertiesProvider],
};
