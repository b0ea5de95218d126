/**
 * Ranks existing participants as likely owners of a request's sender, for the ADD_TO_EXISTING
 * picker. Pure and shared so the renderer ranks client-side while the operator types.
 * Signals: the same address (exact, or the same phone number by its last 9 digits), the name
 * (accent- and case-insensitive token overlap), and the email against the address or name.
 */
import type { AccessRequest, Participant } from './domain';

export interface RankedParticipant {
  participant: Participant;
  score: number;
  /** Why it ranks, in words ("Same phone number", "Similar name"). */
  reasons: string[];
}

export type RankableRequest = Pick<AccessRequest, 'displayName' | 'address' | 'agentId' | 'matchedParticipantId'>;

const PHONE_TAIL = 9;

/** Lowercase, accents removed, split into letter/digit words. */
export function nameTokensFor(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

/** True when two addresses are the same phone number (compared by their last 9 digits). */
export function isSamePhone(a: string, b: string): boolean {
  // Only addresses that look like phone numbers: digits with optional +, spaces, dashes, dots, brackets.
  const phoneLike = /^\+?[\d\s().-]{7,}$/;
  if (!phoneLike.test(a.trim()) || !phoneLike.test(b.trim())) return false;
  const da = digitsOf(a);
  const db = digitsOf(b);
  if (da.length < 7 || db.length < 7) return false;
  const n = Math.min(PHONE_TAIL, da.length, db.length);
  return da.slice(-n) === db.slice(-n);
}

/** Dice coefficient over name tokens: 1 for the same words in any order, 0 for none shared. */
export function nameSimilarity(a: string, b: string): number {
  const ta = new Set(nameTokensFor(a));
  const tb = new Set(nameTokensFor(b));
  if (ta.size === 0 || tb.size === 0) return 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared += 1;
  return (2 * shared) / (ta.size + tb.size);
}

function scoreOne(req: RankableRequest, p: Participant): RankedParticipant {
  let score = 0;
  const reasons: string[] = [];
  const address = req.address.trim().toLowerCase();

  if (req.matchedParticipantId === p.id) {
    score += 200;
    reasons.push('Matched by Fruxon');
  }
  const exact = address !== '' && p.channels.some((c) => c.address.trim().toLowerCase() === address);
  if (exact) {
    score += 100;
    reasons.push('Same address');
  } else if (p.channels.some((c) => isSamePhone(c.address, req.address))) {
    score += 80;
    reasons.push('Same phone number');
  }

  const sim = nameSimilarity(req.displayName, p.displayName);
  if (sim === 1) {
    score += 50;
    reasons.push('Same name');
  } else if (sim > 0) {
    score += Math.round(40 * sim);
    reasons.push('Similar name');
  }

  if (p.email) {
    const email = p.email.trim().toLowerCase();
    if (address.includes('@') && email === address) {
      score += 60;
      reasons.push('Same email');
    } else {
      const local = email.split('@')[0] ?? '';
      const emailSim = nameSimilarity(local, req.displayName);
      if (emailSim > 0) {
        score += Math.round(20 * emailSim);
        reasons.push('Email resembles the name');
      }
    }
  }

  // A small tie-breaker, never a reason on its own to suggest someone.
  if (score > 0 && p.agentIds.includes(req.agentId)) {
    score += 5;
    reasons.push('Already talks to this agent');
  }
  return { participant: p, score, reasons };
}

/**
 * Ranks participants for a request, best first. Participants with no signal at all are left
 * out; ties keep a stable order by display name, then id.
 */
export function rankParticipants(req: RankableRequest, participants: readonly Participant[], limit = 50): RankedParticipant[] {
  return participants
    .map((p) => scoreOne(req, p))
    .filter((r) => r.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.participant.displayName.localeCompare(b.participant.displayName) ||
        (a.participant.id < b.participant.id ? -1 : a.participant.id > b.participant.id ? 1 : 0),
    )
    .slice(0, limit);
}
