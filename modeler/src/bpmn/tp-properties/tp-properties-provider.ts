import { SelectEntry, TextFieldEntry, isSelectEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { t } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/en';
import { type DiagramElement, type Moddle, type Modeling, isType } from '../moddle-types';
import { type FormDesigner } from '../form-designer/form-designer';
import { type FeelServices, conditionEntry, mappingGroup } from './feel-entries';
import { TaskFormEntry, isTaskFormEdited } from './form-entry';

/** Options the modeler page passes as `tp` in the bpmn-js config. */
export interface TpConfig {
  /** Handler names registered with the engine (GET /service-task-types). */
  serviceTaskTypes: { name: string; title?: string }[];
}

/** An entry as the panel takes it: the panel renders `h(entry.component, { ...entry, element })`. */
interface Entry {
  id: string;
  component: unknown;
  isEdited: (node: unknown) => boolean;
  [prop: string]: unknown;
}

interface Group {
  id: string;
  label: string;
  entries?: Entry[];
  component?: unknown;
}

interface PropertiesPanel {
  registerProvider(priority: number, provider: unknown): void;
}

type Debounce = (fn: (value: string) => void) => (value: string) => void;
type Translate = FeelServices['translate'];

// Entry components live at module level: a component made anew per render would be remounted on
// every commit of the panel, losing focus and pending input while the user types.

function TypeSelect({ element, id, modeling, config }: { element: DiagramElement; id: string; modeling: Modeling; config: TpConfig | undefined }): unknown {
  return h(SelectEntry, {
    element,
    id,
    label: t('tp.type'),
    getValue: () => (element.businessObject.get('tp:type') as string | undefined) ?? '',
    setValue: (value: string) => modeling.updateProperties(element, { 'tp:type': value || undefined }),
    getOptions: () => {
      const current = (element.businessObject.get('tp:type') as string | undefined) ?? '';
      const types = config?.serviceTaskTypes ?? [];
      const options = [{ value: '', label: t('tp.typeNone') }, ...types.map((s) => ({ value: s.name, label: s.title ? `${s.title} (${s.name})` : s.name }))];
      if (current && !types.some((s) => s.name === current)) options.push({ value: current, label: current });
      return options;
    },
  });
}

interface TextFieldProps {
  element: DiagramElement;
  id: string;
  modeling: Modeling;
  debounce: Debounce;
  attr: string;
  label: MessageKey;
  hint?: MessageKey;
}

function TpTextField({ element, id, modeling, debounce, attr, label, hint }: TextFieldProps): unknown {
  return h(TextFieldEntry, {
    element,
    id,
    label: t(label),
    description: hint ? t(hint) : undefined,
    debounce,
    getValue: () => (element.businessObject.get(attr) as string | undefined) ?? '',
    setValue: (value: string) => modeling.updateProperties(element, { [attr]: value || undefined }),
  });
}

/** Adds the Touchpoint groups (`tp:` attributes) to the properties panel of tasks. */
export class TpPropertiesProvider {
  static $inject = ['propertiesPanel', 'modeling', 'moddle', 'debounceInput', 'translate', 'formDesigner', 'config.tp'];

  constructor(
    propertiesPanel: PropertiesPanel,
    private readonly modeling: Modeling,
    private readonly moddle: Moddle,
    private readonly debounce: Debounce,
    private readonly translate: Translate,
    private readonly formDesigner: FormDesigner,
    private readonly config: TpConfig | undefined,
  ) {
    propertiesPanel.registerProvider(400, this);
  }

  getGroups(element: DiagramElement): (groups: Group[]) => Group[] {
    return (groups) => {
      const bo = element.businessObject;
      const execution: Entry[] = [];
      const assignment: Entry[] = [];
      if (isType(bo, 'bpmn:ServiceTask') || isType(bo, 'bpmn:SendTask') || isType(bo, 'bpmn:BusinessRuleTask')) {
        execution.push(this.typeEntry());
      }
      const feel: FeelServices = { modeling: this.modeling, moddle: this.moddle, debounce: this.debounce, translate: this.translate };
      const condition = conditionEntry(element, feel);
      if (condition) execution.push(condition as unknown as Entry);
      const mappings = isType(bo, 'bpmn:Activity') && !isType(bo, 'bpmn:SubProcess') ? [mappingGroup(element, 'inputParameters', feel), mappingGroup(element, 'outputParameters', feel)] : [];
      if (isType(bo, 'bpmn:UserTask')) {
        assignment.push({ id: 'tp-form', component: TaskFormEntry, isEdited: isTaskFormEdited, designer: this.formDesigner });
        assignment.push(this.textEntry('tp-assignee', 'tp:assignee', 'tp.assignee'));
        assignment.push(this.textEntry('tp-candidateGroups', 'tp:candidateGroups', 'tp.candidateGroups', 'tp.listHint'));
        assignment.push(this.textEntry('tp-department', 'tp:department', 'tp.department'));
        assignment.push(this.textEntry('tp-skills', 'tp:skills', 'tp.skills', 'tp.listHint'));
      }
      if (isType(bo, 'bpmn:Activity')) {
        assignment.push(this.textEntry('tp-slaDuration', 'tp:slaDuration', 'tp.sla'));
        assignment.push(this.textEntry('tp-dueDuration', 'tp:dueDuration', 'tp.due'));
        assignment.push(this.textEntry('tp-calendar', 'tp:calendar', 'tp.calendar'));
      }
      const ours: Group[] = [];
      if (execution.length) ours.push({ id: 'tp-execution', label: t('tp.group'), entries: execution });
      ours.push(...(mappings as unknown as Group[]));
      if (assignment.length) ours.push({ id: 'tp-assignment', label: t('tp.groupAssignment'), entries: assignment });
      // Right after "General", where process owners look first.
      const at = Math.min(1, groups.length);
      return [...groups.slice(0, at), ...ours, ...groups.slice(at)];
    };
  }

  private typeEntry(): Entry {
    return { id: 'tp-type', component: TypeSelect, isEdited: isSelectEntryEdited, modeling: this.modeling, config: this.config };
  }

  private textEntry(id: string, attr: string, label: MessageKey, hint?: MessageKey): Entry {
    return { id, component: TpTextField, isEdited: isTextFieldEntryEdited, modeling: this.modeling, debounce: this.debounce, attr, label, hint };
  }
}
