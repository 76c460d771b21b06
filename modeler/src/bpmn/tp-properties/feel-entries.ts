import { FeelEntry, ListGroup, TextFieldEntry, isFeelEntryEdited } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { t } from '../../i18n/i18n';
import { type DiagramElement, type Moddle, type ModdleElement, type Modeling, isType } from '../moddle-types';
import { type Direction, addMapping, parameters, removeMapping } from './mappings';

type Debounce = (fn: (value: string) => void) => (value: string) => void;
type Translate = (template: string, replacements?: Record<string, string>) => string;

/** What the FEEL entries need from the modeler. */
export interface FeelServices {
  modeling: Modeling;
  moddle: Moddle;
  debounce: Debounce;
  translate: Translate;
}

/** The panel renders an entry as `h(entry.component, { ...entry, element })`. */
interface EntryProps {
  element: DiagramElement;
  id: string;
  services: FeelServices;
}

/** FEEL entries hold `=expression`; older drawings may store the bare expression. */
const asFeel = (text: string | undefined): string => (text && !text.startsWith('=') ? `=${text}` : (text ?? ''));

// Components are module-level so that their identity survives panel re-renders: a new function per
// render would remount the FEEL editor on every keystroke commit and lose focus and pending input.

function ConditionField({ element, id, services: s }: EntryProps): unknown {
  return h(FeelEntry, {
    element,
    id,
    label: t('tp.condition'),
    description: t('tp.conditionHint'),
    feel: 'required',
    debounce: s.debounce,
    translate: s.translate,
    getValue: () => asFeel((element.businessObject.get('conditionExpression') as ModdleElement | undefined)?.get('body') as string | undefined),
    setValue: (value: string | undefined) =>
      s.modeling.updateProperties(element, { conditionExpression: value ? s.moddle.create('bpmn:FormalExpression', { body: value }) : undefined }),
  });
}

interface MappingProps extends EntryProps {
  param: ModdleElement;
  kind: 'input' | 'output';
}

function MappingTarget({ element, id, services: s, param, kind }: MappingProps): unknown {
  return h(TextFieldEntry, {
    element,
    id,
    label: kind === 'input' ? t('tp.inputTarget') : t('tp.outputTarget'),
    debounce: s.debounce,
    getValue: () => (param.get('target') as string | undefined) ?? '',
    setValue: (value: string | undefined) => s.modeling.updateModdleProperties(element, param, { target: value ?? '' }),
  });
}

function MappingSource({ element, id, services: s, param, kind }: MappingProps): unknown {
  return h(FeelEntry, {
    element,
    id,
    label: kind === 'input' ? t('tp.inputSource') : t('tp.outputSource'),
    feel: 'required',
    debounce: s.debounce,
    translate: s.translate,
    getValue: () => asFeel(param.get('source') as string | undefined),
    setValue: (value: string | undefined) => s.modeling.updateModdleProperties(element, param, { source: value ?? '' }),
  });
}

/**
 * The condition of a sequence flow leaving an exclusive or inclusive gateway (not its default flow),
 * edited in the FEEL editor (`@bpmn-io/feel-editor` inside the panel's FeelEntry), which flags
 * unparsable expressions. Stored as `<bpmn:conditionExpression>=…`; the compiler drops the leading `=`.
 */
export function conditionEntry(element: DiagramElement, services: FeelServices): Record<string, unknown> | undefined {
  const bo = element.businessObject;
  if (!isType(bo, 'bpmn:SequenceFlow')) return undefined;
  const source = bo.get('sourceRef') as ModdleElement | undefined;
  if (!source || !(isType(source, 'bpmn:ExclusiveGateway') || isType(source, 'bpmn:InclusiveGateway'))) return undefined;
  if (source.get('default') === bo) return undefined;
  return { id: 'tp-condition', component: ConditionField, isEdited: isFeelEntryEdited, services };
}

/**
 * A list group of `tp:Input`/`tp:Output` mappings: per mapping a target variable name and a FEEL source
 * expression, added and removed with the group's buttons.
 */
export function mappingGroup(element: DiagramElement, direction: Direction, services: FeelServices): Record<string, unknown> {
  const kind = direction === 'inputParameters' ? 'input' : 'output';
  const items = parameters(element.businessObject, direction).map((param, index) => {
    const itemId = `${element.id}-tp-${kind}-${index}`;
    return {
      id: itemId,
      label: (param.get('target') as string | undefined) || t('tp.mappingUnnamed'),
      autoFocusEntry: `${itemId}-target`,
      remove: () => removeMapping(element, direction, param, services.modeling),
      entries: [
        { id: `${itemId}-target`, component: MappingTarget, param, kind, services },
        { id: `${itemId}-source`, component: MappingSource, param, kind, services },
      ],
    };
  });
  return {
    id: `tp-${kind}s`,
    label: t(kind === 'input' ? 'tp.inputs' : 'tp.outputs'),
    component: ListGroup,
    items,
    add: (event: Event) => {
      event.stopPropagation();
      addMapping(element, direction, services.modeling, services.moddle);
    },
  };
}
