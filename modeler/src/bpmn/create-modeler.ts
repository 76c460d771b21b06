import BpmnModeler from 'bpmn-js/lib/Modeler';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import MinimapModule from 'diagram-js-minimap';
import TokenSimulationModule from 'bpmn-js-token-simulation';
import LintModule from 'bpmn-js-bpmnlint';
import tpModdle from '../../../core/bpmn/tp-moddle.json';
import translateModule from './translate';
import tpPropertiesModule from './tp-properties';
import problemsModule from './problems';
import caseMarkersModule from './case-markers';
import heatmapModule from './heatmap';
import deferredLintingModule from './lint';
import { bpmnlintConfig } from './lint/recommended-config';
import { type TpConfig } from './tp-properties/tp-properties-provider';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/assets/properties-panel.css';
import 'diagram-js-minimap/assets/diagram-js-minimap.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';

/** The editing modeler with every Touchpoint extension wired in. */
export function createModeler(container: HTMLElement, panel: HTMLElement, tp: TpConfig): BpmnModeler {
  return new BpmnModeler({
    container,
    propertiesPanel: { parent: panel, layout: { groups: { general: { open: true }, 'tp-execution': { open: true }, 'tp-assignment': { open: true } } } },
    additionalModules: [
      translateModule,
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      tpPropertiesModule,
      MinimapModule,
      TokenSimulationModule,
      LintModule,
      deferredLintingModule,
      problemsModule,
    ],
    moddleExtensions: { tp: tpModdle },
    linting: { bpmnlint: bpmnlintConfig, active: true },
    tp,
  });
}

/** A read-only, navigable viewer for a case's own process version. */
export function createCaseViewer(container: HTMLElement): NavigatedViewer {
  return new NavigatedViewer({
    container,
    additionalModules: [translateModule, caseMarkersModule],
    moddleExtensions: { tp: tpModdle },
  });
}

/** A read-only, navigable viewer for the heatmap of a process version. */
export function createHeatmapViewer(container: HTMLElement): NavigatedViewer {
  return new NavigatedViewer({
    container,
    additionalModules: [translateModule, heatmapModule],
    moddleExtensions: { tp: tpModdle },
  });
}
