/**
 * Deterministic seed data. Three independent PRNG streams per seed:
 * - `world`: tenant, users, configs, participants and the "story" rows (fixed situations
 *   tests rely on, see SimFacts) — the same for every `pending` value;
 * - `history`: a fixed set of extra APPROVED/REJECTED rows;
 * - `bulk`: the remaining PENDING rows, so `pending` only changes how many of those exist;
 * - `archive`: `history` more decided rows spread over the last months (a real tenant's long
 *   history), so `history` only changes how many of those exist.
 */
import {
  AGENT_SPECS,
  AGENT_WEIGHTS,
  APPROVE_NOTES,
  CONFIG_SPECS,
  CONVERSATION_NAMES,
  type ConfigKey,
  DELETED_AGENT_ID,
  INTEGRATION_SPECS,
  PROVIDER_WEIGHTS,
  READ_ONLY_AGENT_ID,
  REJECT_NOTES,
  SENDER_NAMES,
  addressFor,
  slackUserId,
  teamsUserId,
  weighted,
} from './catalog';
import { type Rng, createRng } from './prng';
import type { RawAgent, RawConfig, RawIntegration, RawParticipant, RawRequest, RawUser, SimFacts } from './types';

export const DEFAULT_SEED = 42;
export const DEFAULT_PENDING = 24;
export const DEFAULT_TENANT = 'demo';
export const MAX_PENDING = 100_000;
export const MAX_HISTORY = 2_000_000;
const HISTORY_BULK = 10;
/** Archive rows were created within this many days before now. */
const ARCHIVE_DAYS = 180;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface World {
  seed: number;
  tenant: string;
  tenantId: string;
  tenantName: string;
  token: string;
  operatorUserId: string;
  aliceUserId: string;
  users: RawUser[];
  agents: RawAgent[];
  readOnlyAgentIds: string[];
  integrations: RawIntegration[];
  configs: RawConfig[];
  participants: RawParticipant[];
  requests: RawRequest[];
  facts: SimFacts;
}

export interface WorldOptions {
  seed: number;
  pending: number;
  /** Extra decided rows spread over months (default 0). */
  history?: number;
  tenant: string;
  now: number;
}

/** What a generated request may draw from. */
export interface RequestContext {
  configs: readonly RawConfig[];
}

function pendingRow(fields: Omit<RawRequest, 'status' | 'processedBy' | 'processedAt' | 'processingNote' | 'approvedParticipantId' | 'modifiedAt'>): RawRequest {
  // Spelled out so the JSON keys come in the documented order (fruxon-api.md §3.1).
  return {
    id: fields.id,
    integrationConfigId: fields.integrationConfigId,
    provider: fields.provider,
    address: fields.address,
    agentId: fields.agentId,
    matchedParticipantId: fields.matchedParticipantId,
    displayName: fields.displayName,
    conversationName: fields.conversationName,
    status: 'PENDING',
    processedBy: null,
    processedAt: null,
    processingNote: null,
    approvedParticipantId: null,
    createdAt: fields.createdAt,
    modifiedAt: fields.createdAt,
  };
}

function decided(row: RawRequest, status: 'APPROVED' | 'REJECTED', by: string, at: number, note: string | null, participantId: string | null): RawRequest {
  return { ...row, status, processedBy: by, processedAt: at, processingNote: note, approvedParticipantId: participantId, modifiedAt: at };
}

export function participantFrom(id: string, row: RawRequest, at: number, displayName?: string): RawParticipant {
  return {
    id,
    kind: 'PERSON',
    displayName: displayName ?? (row.displayName.trim() || row.address),
    email: null,
    channels: [{ integrationConfigId: row.integrationConfigId, address: row.address, priority: 0, label: null, disabled: false }],
    agentIds: [row.agentId],
    createdAt: at,
    modifiedAt: at,
  };
}

function nameFor(rng: Rng, provider: string): string {
  // SMS and WhatsApp often carry no profile name at all.
  const emptyChance = provider === 'sms' ? 0.5 : provider === 'whatsapp' ? 0.12 : 0.04;
  return rng.chance(emptyChance) ? '' : rng.pick(SENDER_NAMES);
}

/** A realistic PENDING request created at `createdAt`, drawn from `rng`. */
export function randomRequest(rng: Rng, ctx: RequestContext, createdAt: number): RawRequest {
  const provider = weighted(rng, PROVIDER_WEIGHTS);
  const configs = ctx.configs.filter((c) => c.provider === provider);
  const config = configs.length > 0 ? rng.pick(configs) : rng.pick(ctx.configs);
  const agentId = weighted(rng, AGENT_WEIGHTS);
  const id = rng.uuid();
  const address = addressFor(config.provider, rng);
  const displayName = nameFor(rng, config.provider);
  const conversationName = rng.pick(CONVERSATION_NAMES[config.provider] ?? ['Direct message']);
  return pendingRow({ id, integrationConfigId: config.id, provider: config.provider, address, agentId, matchedParticipantId: null, displayName, conversationName, createdAt });
}

/** How long ago a seeded row arrived: mostly recent, some up to three days old. */
function seededAge(rng: Rng): number {
  return MINUTE + Math.floor(rng.next() ** 1.6 * (72 * HOUR - MINUTE));
}

function titleCase(slug: string): string {
  return slug
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
}

/** Builds the whole seeded workspace for `opts` (see the module comment for the streams). */
export function buildWorld(opts: WorldOptions): World {
  const { seed, now, tenant } = opts;
  const w = createRng(seed, 'world');
  const tenantId = w.uuid();
  const token = `fx_pat_${createRng(seed, 'token').chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40)}`;

  const userAt = now - 400 * 24 * HOUR;
  const user = (first: string, last: string, role: RawUser['role']): RawUser => {
    const username = `${first}.${last}`.toLowerCase();
    return { id: w.uuid(), username, email: `${username}@${tenant}.example`, firstName: first, lastName: last, avatarFileId: null, status: 'ACTIVE', role, createdAt: userAt, modifiedAt: userAt };
  };
  const sam = user('Sam', 'Operator', 'MEMBER');
  const alice = user('Alice', 'Moreno', 'ADMIN');
  const jonas = user('Jonas', 'Berg', 'MEMBER');
  const deletedUserId = w.uuid();

  const agentAt = now - 200 * 24 * HOUR;
  const agents: RawAgent[] = AGENT_SPECS.map((a) => ({ ...a, type: 'CONVERSATIONAL', enabled: true, tenantId, createdAt: agentAt, modifiedAt: agentAt }));

  const configs: RawConfig[] = CONFIG_SPECS.map((c) => ({ id: w.uuid(), integrationId: c.integrationId, displayName: c.displayName, provider: c.provider }));
  const cfg = (key: ConfigKey): RawConfig => {
    const index = CONFIG_SPECS.findIndex((c) => c.key === key);
    const found = configs[index];
    if (!found) throw new Error(`unknown config ${key}`);
    return found;
  };
  const configIds = Object.fromEntries(CONFIG_SPECS.map((c, i) => [c.key, configs[i]?.id ?? ''])) as Record<ConfigKey, string>;
  const orphanConfigId = w.uuid();

  // Base participants: people who already talk to some agents.
  const pAt = now - 90 * 24 * HOUR;
  const person = (displayName: string, email: string | null, channels: Array<[ConfigKey, string]>, agentIds: string[], kind: RawParticipant['kind'] = 'PERSON'): RawParticipant => ({
    id: w.uuid(),
    kind,
    displayName,
    email,
    channels: channels.map(([key, address], priority) => ({ integrationConfigId: cfg(key).id, address, priority, label: null, disabled: false })),
    agentIds,
    createdAt: pAt,
    modifiedAt: pAt,
  });
  const danaSlack = slackUserId(w);
  const dana = person('Dana Whitfield', 'dana.whitfield@northwind.example', [['slackSupport', danaSlack]], ['support_desk', 'sales_concierge']);
  const anna = person('Анна Кузнецова', null, [['telegram', '5123987654']], ['support_desk']);
  const priya = person('प्रिया शर्मा', 'priya.sharma@example.in', [['whatsapp', '+919820012345']], ['support_desk']);
  const kwame = person('Kwame Mensah', 'kwame@mensah-logistics.example', [['sms', '+233241234567']], ['billing_helper']);
  const wang = person('王芳', 'wang.fang@example.cn', [['teams', teamsUserId(w)]], ['support_desk']);
  const noa = person('נועה כהן', null, [['whatsapp', '+972541234567']], ['onboarding_guide']);
  const omar = person('عمر الفاروق', 'omar@alfarouq.example', [['telegram', '7012345678']], ['sales_concierge']);
  const lukasz = person('Łukasz Nowak', 'l.nowak@example.pl', [['slackPartners', slackUserId(w)]], ['sales_concierge']);
  const nightShift = person('Night shift team', null, [], [READ_ONLY_AGENT_ID], 'GROUP');
  const participants: RawParticipant[] = [dana, anna, priya, kwame, wang, noa, omar, lukasz, nightShift];

  // Story PENDING rows, in the order they are kept when `pending` is small.
  const story = (key: ConfigKey | 'orphan', fields: { address: string; displayName: string; agentId: string; ageMs: number; matched?: string; conversationName?: string }): RawRequest => {
    const config = key === 'orphan' ? { id: orphanConfigId, provider: 'sms' } : cfg(key);
    return pendingRow({
      id: w.uuid(),
      integrationConfigId: config.id,
      provider: config.provider,
      address: fields.address,
      agentId: fields.agentId,
      matchedParticipantId: fields.matched ?? null,
      displayName: fields.displayName,
      conversationName: fields.conversationName ?? CONVERSATION_NAMES[config.provider]?.[0] ?? 'Direct message',
      createdAt: now - fields.ageMs,
    });
  };
  const dupPhone = '+447700900123';
  const repeatAddress = '6234098711';
  const dupWhatsapp = story('whatsapp', { address: dupPhone, displayName: 'Amira Haddad 🌙', agentId: 'support_desk', ageMs: 4 * MINUTE });
  const dupSms = story('sms', { address: dupPhone, displayName: '', agentId: 'support_desk', ageMs: 3 * MINUTE });
  const matched = story('telegram', { address: '5123987654', displayName: 'Анна Кузнецова', agentId: 'sales_concierge', ageMs: 2 * HOUR + 31 * MINUTE, matched: anna.id });
  const repeatPending = story('telegram', { address: repeatAddress, displayName: 'Yusuf 🚀', agentId: 'support_desk', ageMs: 6 * MINUTE });
  const readOnly = story('slackSupport', { address: slackUserId(w), displayName: '渡辺 健司', agentId: READ_ONLY_AGENT_ID, ageMs: 50 * MINUTE, conversationName: '#help-desk' });
  const matchedSecond = story('whatsapp', { address: '+919820012345', displayName: 'प्रिया शर्मा', agentId: 'onboarding_guide', ageMs: 15 * MINUTE, matched: priya.id });
  const orphan = story('orphan', { address: '+15555550188', displayName: 'Lucía Romero', agentId: 'billing_helper', ageMs: 26 * HOUR });
  const addToExisting = story('whatsapp', { address: '+233241234567', displayName: 'Kwame M.', agentId: 'billing_helper', ageMs: 40 * MINUTE });
  const storyPending = [dupWhatsapp, dupSms, matched, repeatPending, readOnly, matchedSecond, orphan, addToExisting];

  // Story history.
  const at = (ageMs: number) => now - ageMs;
  const rejectedBefore = decided(
    story('telegram', { address: repeatAddress, displayName: 'Yusuf 🚀', agentId: 'support_desk', ageMs: 50 * HOUR }),
    'REJECTED', alice.id, at(49 * HOUR), 'Could not verify the account; asked them to write again from the web form.', null,
  );
  const approvedBySamBase = story('slackSupport', { address: slackUserId(w), displayName: 'Chloé Dubois 🌻', agentId: 'support_desk', ageMs: 30 * HOUR });
  const chloe = participantFrom(w.uuid(), approvedBySamBase, at(29 * HOUR));
  const approvedBySam = decided(approvedBySamBase, 'APPROVED', sam.id, at(29 * HOUR), null, chloe.id);
  omar.agentIds.push('support_desk');
  const approvedByAlice = decided(
    story('telegram', { address: '7012345678', displayName: 'Omar', agentId: 'support_desk', ageMs: 20 * HOUR, matched: omar.id }),
    'APPROVED', alice.id, at(19 * HOUR), 'Existing sales contact', omar.id,
  );
  const deletedUserBase = story('teams', { address: teamsUserId(w), displayName: 'Ingrid Solberg', agentId: 'support_desk', ageMs: 70 * HOUR });
  const ingrid = participantFrom(w.uuid(), deletedUserBase, at(69 * HOUR));
  const deletedUserRow = decided(deletedUserBase, 'APPROVED', deletedUserId, at(69 * HOUR), null, ingrid.id);
  const deletedAgentBase = story('whatsapp', { address: '+5511987654321', displayName: 'João Pereira', agentId: DELETED_AGENT_ID, ageMs: 65 * HOUR });
  const joao = participantFrom(w.uuid(), deletedAgentBase, at(64 * HOUR));
  const deletedAgentRow = decided(deletedAgentBase, 'APPROVED', sam.id, at(64 * HOUR), null, joao.id);
  const rejectedBySam = decided(
    story('sms', { address: '+12025550143', displayName: '', agentId: 'billing_helper', ageMs: 20 * HOUR }),
    'REJECTED', sam.id, at(20 * HOUR - 10 * MINUTE), 'Spam — marketing message', null,
  );
  const partnerAddress = slackUserId(w);
  dana.channels.push({ integrationConfigId: cfg('slackPartners').id, address: partnerAddress, priority: 1, label: 'Partner account', disabled: false });
  const addedByAlice = decided(
    story('slackPartners', { address: partnerAddress, displayName: 'Dana W. (partner account)', agentId: 'sales_concierge', ageMs: 44 * HOUR }),
    'APPROVED', alice.id, at(43 * HOUR), 'Same person as Dana Whitfield', dana.id,
  );
  const rejectedByJonas = decided(
    story('telegram', { address: '8123456789', displayName: 'Алексей Смирнов', agentId: READ_ONLY_AGENT_ID, ageMs: 8 * HOUR }),
    'REJECTED', jonas.id, at(7 * HOUR), null, null,
  );
  participants.push(chloe, ingrid, joao);
  const history: RawRequest[] = [rejectedBefore, approvedBySam, approvedByAlice, deletedUserRow, deletedAgentRow, rejectedBySam, addedByAlice, rejectedByJonas];

  // Extra history from its own stream.
  const ctx: RequestContext = { configs };
  const h = createRng(seed, 'history');
  const deciders = [sam.id, alice.id, alice.id, jonas.id];
  for (let i = 0; i < HISTORY_BULK; i += 1) {
    const createdAt = now - (3 * HOUR + Math.floor(h.next() * 69 * HOUR));
    const base = randomRequest(h, ctx, createdAt);
    const processedAt = Math.min(now - MINUTE, createdAt + h.int(2 * MINUTE, 3 * HOUR));
    const by = h.pick(deciders);
    if (h.chance(0.55)) {
      const p = participantFrom(h.uuid(), base, processedAt);
      participants.push(p);
      history.push(decided(base, 'APPROVED', by, processedAt, h.pick(APPROVE_NOTES), p.id));
    } else {
      history.push(decided(base, 'REJECTED', by, processedAt, h.pick(REJECT_NOTES), null));
    }
  }

  // The archive: a long decided history, oldest first. Approved rows name a participant id but
  // no participant object is made for them (a million participants would swamp that endpoint).
  const archiveCount = Math.max(0, Math.floor(opts.history ?? 0));
  const archive = createRng(seed, 'archive');
  const archiveRows: RawRequest[] = new Array<RawRequest>(archiveCount);
  const span = ARCHIVE_DAYS * 24 * HOUR;
  for (let i = 0; i < archiveCount; i += 1) {
    // Evenly spread with jitter, so the order is chronological and every month has its share.
    const createdAt = now - span + Math.floor(((i + archive.next()) / archiveCount) * (span - 4 * HOUR));
    const base = randomRequest(archive, ctx, createdAt);
    // Decided within two days, and never in the future (no pile-up of rows decided "a minute ago").
    const processedAt = createdAt + archive.int(MINUTE, Math.max(MINUTE, Math.min(2 * 24 * HOUR, now - MINUTE - createdAt)));
    const by = archive.pick(deciders);
    archiveRows[i] = archive.chance(0.55)
      ? decided(base, 'APPROVED', by, processedAt, archive.chance(0.3) ? archive.pick(APPROVE_NOTES) : null, archive.uuid())
      : decided(base, 'REJECTED', by, processedAt, archive.chance(0.5) ? archive.pick(REJECT_NOTES) : null, null);
  }

  const pendingCount = Math.max(0, Math.floor(opts.pending));
  const requests: RawRequest[] = archiveRows;
  for (const row of history) requests.push(row);
  for (const row of storyPending.slice(0, pendingCount)) requests.push(row);
  const b = createRng(seed, 'bulk');
  for (let i = storyPending.length; i < pendingCount; i += 1) {
    requests.push(randomRequest(b, ctx, now - seededAge(b)));
  }

  const facts: SimFacts = {
    seed,
    tenantId,
    agents: AGENT_SPECS.map((a) => ({ id: a.id, displayName: a.displayName })),
    readOnlyAgentId: READ_ONLY_AGENT_ID,
    deletedAgentId: DELETED_AGENT_ID,
    users: { operatorUserId: sam.id, aliceUserId: alice.id, jonasUserId: jonas.id, deletedUserId },
    configs: configIds,
    orphanConfigId,
    participants: { dana: dana.id, anna: anna.id, priya: priya.id, kwame: kwame.id, wang: wang.id, noa: noa.id, omar: omar.id, lukasz: lukasz.id, nightShift: nightShift.id },
    pendingStoryIds: storyPending.map((r) => r.id),
    requests: {
      duplicatePhone: { address: dupPhone, whatsappRequestId: dupWhatsapp.id, smsRequestId: dupSms.id },
      matched: { requestId: matched.id, participantId: anna.id, agentId: matched.agentId },
      matchedSecond: { requestId: matchedSecond.id, participantId: priya.id, agentId: matchedSecond.agentId },
      repeatAfterReject: { address: repeatAddress, rejectedRequestId: rejectedBefore.id, pendingRequestId: repeatPending.id },
      readOnlyRequestId: readOnly.id,
      orphanConfigRequestId: orphan.id,
      addToExisting: { requestId: addToExisting.id, participantId: kwame.id, address: addToExisting.address },
      emptyNameRequestId: dupSms.id,
      deletedUserRequestId: deletedUserRow.id,
      deletedAgentRequestId: deletedAgentRow.id,
      approvedBySamRequestId: approvedBySam.id,
      approvedByAliceRequestId: approvedByAlice.id,
      rejectedBySamRequestId: rejectedBySam.id,
    },
  };

  return {
    seed,
    tenant,
    tenantId,
    tenantName: tenant === DEFAULT_TENANT ? 'Fruxon Demo' : titleCase(tenant),
    token,
    operatorUserId: sam.id,
    aliceUserId: alice.id,
    users: [sam, alice, jonas],
    agents,
    readOnlyAgentIds: [READ_ONLY_AGENT_ID],
    integrations: INTEGRATION_SPECS.map((i) => ({ ...i })),
    configs,
    participants,
    requests,
    facts,
  };
}

/** The seed facts for `seed` (cheap: builds the world without bulk rows at a fixed clock). */
export function simFactsFor(seed: number): SimFacts {
  return buildWorld({ seed, pending: 0, tenant: DEFAULT_TENANT, now: 0 }).facts;
}
