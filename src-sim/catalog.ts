/**
 * Static vocabulary of the simulated workspace: agents, integrations, names and address
 * formats. Realistic on purpose (several scripts, emoji, empty names, provider-specific ids)
 * so the console meets the data it will meet in production.
 */
import type { Rng } from './prng';

export const AGENT_SPECS = [
  { id: 'support_desk', displayName: 'Support Desk 🛟', description: 'Front-line customer support across every channel.' },
  { id: 'sales_concierge', displayName: 'Sales Concierge', description: 'Answers pricing questions and books demos.' },
  { id: 'onboarding_guide', displayName: 'Onboarding Guide', description: 'Walks new customers through setup.' },
  { id: 'billing_helper', displayName: 'Billing Helper', description: 'Invoices, refunds and payment methods.' },
  { id: 'field_ops', displayName: 'Field Ops Dispatcher', description: 'Dispatches technicians; owned by the Ops team.' },
] as const;

export const READ_ONLY_AGENT_ID = 'field_ops';
export const DELETED_AGENT_ID = 'retired_faq_bot';

/** Relative frequency of agents on generated requests. */
export const AGENT_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['support_desk', 40],
  ['sales_concierge', 20],
  ['onboarding_guide', 15],
  ['billing_helper', 15],
  ['field_ops', 10],
];

export const INTEGRATION_SPECS = [
  { id: 'slack', displayName: 'Slack', type: 'MESSAGING' },
  { id: 'microsoft_teams', displayName: 'Microsoft Teams', type: 'MESSAGING' },
  { id: 'telegram', displayName: 'Telegram', type: 'MESSAGING' },
  { id: 'whatsapp', displayName: 'WhatsApp (360dialog)', type: 'MESSAGING' },
  { id: 'twilio', displayName: 'Twilio', type: 'MESSAGING' },
  // Not messaging-capable and without configs: the console must cope with a null type.
  { id: 'github', displayName: 'GitHub', type: null },
] as const;

export type ConfigKey = 'slackSupport' | 'slackPartners' | 'teams' | 'telegram' | 'whatsapp' | 'sms';

export const CONFIG_SPECS: ReadonlyArray<{ key: ConfigKey; integrationId: string; provider: string; displayName: string }> = [
  { key: 'slackSupport', integrationId: 'slack', provider: 'slack', displayName: 'Slack · Acme Support workspace' },
  { key: 'slackPartners', integrationId: 'slack', provider: 'slack', displayName: 'Slack · Partner Connect' },
  { key: 'teams', integrationId: 'microsoft_teams', provider: 'teams', displayName: 'Teams · Contoso Helpdesk bot' },
  { key: 'telegram', integrationId: 'telegram', provider: 'telegram', displayName: 'Telegram · @acme_help_bot' },
  { key: 'whatsapp', integrationId: 'whatsapp', provider: 'whatsapp', displayName: 'WhatsApp · +44 20 7946 0018' },
  { key: 'sms', integrationId: 'twilio', provider: 'sms', displayName: 'Twilio SMS · +1 415 555 0142' },
];

/** Relative frequency of providers on generated requests. */
export const PROVIDER_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['whatsapp', 30],
  ['telegram', 20],
  ['slack', 20],
  ['sms', 15],
  ['teams', 15],
];

export const SENDER_NAMES: readonly string[] = [
  'María José Fernández',
  "Tomás O'Brien",
  'Ngozi Okafor',
  'Jürgen Schäfer',
  'Aroha Ngata',
  'Mateus Costa',
  'Siobhán Kelly',
  'Emre Yılmaz',
  'Zoë van der Berg',
  'Liam Nguyen',
  'Fatima Zahra Benali',
  'Oskar Lindqvist',
  'Camila Rojas ☕',
  'Kofi Boateng',
  'Hana Nováková',
  'Isabella Rossi',
  'Nadia Petrović',
  'Mike from Accounting',
  'J. Alvarez',
  'Ada 🐙',
  'Алексей Смирнов',
  'Ольга Петрова 🌸',
  'Иван Соколов',
  'Мария Иванова',
  'محمد العلي',
  'فاطمة الزهراء',
  'يوسف حداد',
  'ليلى منصور',
  'דוד לוי',
  'תמר אברהם',
  'יעל שפירא',
  '李伟',
  '陈静',
  '佐藤 健',
  '鈴木 花子',
  '김민준 🎧',
  '이서연',
  'राहुल वर्मा',
  'अनीता देसाई',
  'विक्रम सिंह',
  'Γιώργος Παπαδόπουλος',
  'สมชาย ใจดี',
  '👩‍💻 Sam K.',
  '🦊',
  '🌈 Rainbow Café',
];

export const CONVERSATION_NAMES: Readonly<Record<string, readonly string[]>> = {
  slack: ['Direct message', '#help-desk', '#customer-support', '#partners-onboarding'],
  teams: ['Chat with Contoso Helpdesk', 'IT Support › General', 'Direct chat'],
  telegram: ['Private chat', 'Private chat', 'Acme Community (supergroup)'],
  whatsapp: ['WhatsApp chat'],
  sms: ['SMS'],
};

export const APPROVE_NOTES: ReadonlyArray<string | null> = [null, 'Known customer', 'Verified by phone', 'Account manager asked for access', null];
export const REJECT_NOTES: ReadonlyArray<string | null> = [
  'Spam',
  'Not a customer',
  'Duplicate of an existing contact',
  null,
  'Asked them to use the web form instead',
  'Wrong number',
];

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const TEAMS_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** E.164 prefixes and how many digits follow (fictional ranges where a country has them). */
const PHONE_PLANS: ReadonlyArray<readonly [string, number]> = [
  ['+447700900', 3],
  ['+1415555', 4],
  ['+49151', 8],
  ['+9198', 8],
  ['+55119', 8],
  ['+23480', 8],
  ['+9725', 8],
  ['+79', 9],
  ['+8190', 8],
  ['+346', 8],
  ['+614', 8],
  ['+278', 8],
];

export function weighted(rng: Rng, table: ReadonlyArray<readonly [string, number]>): string {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [value, w] of table) {
    roll -= w;
    if (roll < 0) return value;
  }
  return table[table.length - 1]?.[0] ?? '';
}

export const slackUserId = (rng: Rng) => `U0${rng.chars(UPPER_ALNUM, 9)}`;
export const teamsUserId = (rng: Rng) => `29:1${rng.chars(TEAMS_ALPHABET, 43)}`;
export const telegramChatId = (rng: Rng) => String(rng.int(100_000_000, 7_999_999_999));
export function e164(rng: Rng): string {
  const [prefix, digits] = rng.pick(PHONE_PLANS);
  return prefix + String(Math.floor(rng.next() * 10 ** digits)).padStart(digits, '0');
}

export function addressFor(provider: string, rng: Rng): string {
  switch (provider) {
    case 'slack':
      return slackUserId(rng);
    case 'teams':
      return teamsUserId(rng);
    case 'telegram':
      return telegramChatId(rng);
    default:
      return e164(rng);
  }
}
