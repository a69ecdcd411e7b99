/**
 * The review form's party switch: when a document shows two organisations (an invoice's issuer
 * and customer), the extraction chose one; the user can take the other with one click.
 */
import type { EvidenceFields, Extraction } from './types';

/** Fields that describe the document, not a party: kept when switching. */
const DOCUMENT_FIELDS = ['documentDate'] as const;

/**
 * The extraction with `otherParties[index]` as the chosen party and the previously chosen party
 * among the others (so switching twice gives the original back). Fields of the new party that
 * were not read stay absent (they are never carried over from the other party), except the
 * document's own fields (its date). Returns `result` unchanged for an index out of range.
 */
export function switchParty(result: Extraction, index: number): Extraction {
  const others = result.otherParties ?? [];
  const chosen = others[index];
  if (!chosen) return result;
  const previous: EvidenceFields = { ...result.fields };
  const kept: EvidenceFields = {};
  for (const k of DOCUMENT_FIELDS) {
    if (previous[k]) kept[k] = previous[k];
    delete previous[k];
  }
  const rest = others.filter((_, i) => i !== index);
  return {
    ...result,
    fields: { ...chosen.fields, ...kept },
    party: chosen.role,
    otherParties: [{ role: result.party ?? 'other', fields: previous }, ...rest],
  };
}
