import { SelectEntry, TextAreaEntry, TextFieldEntry, isSelectEntryEdited, isTextAreaEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { t } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/en';
import { type DiagramElement, type Moddle, type Modeling, isType } from '../moddle-types';
import { type Direction, mappingsAsText, writeMappings } from './mappings';

/** Options the modeler page passes as `tp` in the bpmn-js config. */
export interface TpConfig {
  /** Handler names registered with the engine (GET /service-task-types). */
  serviceTaskTypes: { name: string; title?: string }[];
}

interface Entry {
  id: string;
  component: (props: { element: DiagramElement; id: string }) => unknown;
  isEdited: (node: unknown) => boolean;
}

interface Group {
  id: string;
  label: string;
  entries: Entry[];
}

interface PropertiesPanel {
  registerProvider(priority: number, provider: unknown): void;
}

type Debounce = (fn: (value: string) => void) => (value: string) => void;

/** Adds the Touchpoint groups (`tp:` attributes) to the properties panel of tasks. */
export class TpPropertiesProvider {
  static $inject = ['propertiesPanel', 'modeling', 'moddle', 'debounceInput', 'config.tp'];

  constructor(
    propertiesPanel: PropertiesPanel,
    private readonly modeling: Modeling,
    private readonly moddle: Moddle,
    private readonly debounce: Debounce,
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
      if (isType(bo, 'bpmn:Activity') && !isType(bo, 'bpmn:SubProcess')) {
        execution.push(this.mappingEntry('tp-inputs', 'inputParameters', 'tp.inputs'));
        execution.push(this.mappingEntry('tp-outputs', 'outputParameters', 'tp.outputs'));
      }
      if (isType(bo, 'bpmn:UserTask')) {
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
      if (assignment.length) ours.push({ id: 'tp-assignment', label: t('tp.groupAssignment'), entries: assignment });
      // Right after "General", where process owners look first.
      const at = Math.min(1, groups.length);
      return [...groups.slice(0, at), ...ours, ...groups.slice(at)];
    };
  }

  private typeEntry(): Entry {
    const { modeling, config } = this;
    return {
      id: 'tp-type',
      isEdited: isSelectEntryEdited,
      component: ({ element, id }) =>
        h(SelectEntry, {
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
        }),
    };
  }

  private textEntry(id: string, attr: string, label: MessageKey, hint?: MessageKey): Entry {
    const { modeling, debounce } = this;
    return {
      id,
      isEdited: isTextFieldEntryEdited,
      component: ({ element }) =>
        h(TextFieldEntry, {
          element,
          id,
          label: t(label),
          description: hint ? t(hint) : undefined,
          debounce,
          getValue: () => (element.businessObject.get(attr) as string | undefined) ?? '',
          setValue: (value: string) => modeling.updateProperties(element, { [attr]: value || undefined }),
        }),
    };
  }

  private mappingEntry(id: string, direction: Direction, label: MessageKey): Entry {
    const { modeling, moddle, debounce } = this;
    return {
      id,
      isEdited: isTextAreaEntryEdited,
      component: ({ element }) =>
        h(TextAreaEntry, {
          element,
          id,
          label: t(label),
          description: t('tp.mappingsHint'),
          debounce,
          monospace: true,
          rows: 3,
          getValue: () => mappingsAsText(element.businessObject, direction),
          setValue: (value: string) => writeMappings(element, direction, value ?? '', modeling, moddle),
        }),
    };
  }
}
