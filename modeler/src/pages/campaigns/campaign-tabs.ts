/** The sub-navigation of the proactive-service screens: plans, strategies, questionnaires. */
import { t } from '../../i18n/i18n';
import { h } from '../../shell/dom';

export type CampaignTab = 'plans' | 'strategies' | 'questionnaires';

export function campaignTabs(active: CampaignTab): HTMLElement {
  const tab = (id: CampaignTab, hash: string, label: string): HTMLElement => h(`a${id === active ? '.active' : ''}`, { href: hash, 'data-tab': id }, label);
  return h(
    'nav.tabs',
    { style: 'display:inline-flex;margin-bottom:12px' },
    tab('plans', '#/campaigns', t('campaigns.tab.plans')),
    tab('strategies', '#/campaigns/strategies', t('campaigns.tab.strategies')),
    tab('questionnaires', '#/campaigns/questionnaires', t('campaigns.tab.questionnaires')),
  );
}
