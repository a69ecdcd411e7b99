/**
 * The renderer's ONE command surface: every change a screen makes to the local database, and
 * every call to the program server, is an action here. Screens and components call
 * `useActions()` and read data through renderer/hooks; a lint rule (eslint.config.js, "UI files
 * never write") refuses database writes and `fetch` anywhere in renderer/screens,
 * renderer/components and renderer/desk. See ./README.md for how to add an action.
 *
 * Each action is a plain function in its own module (`./registrations.ts`, …) taking the database
 * or the server target as its first argument, so it can be tested without React; `createActions`
 * binds them to one signed-in app, and `useActions()` does so for the component tree.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RxDatabase } from 'rxdb';
import type { Decision, DecisionResult, DecisionSeen, VatCheck } from '../../shared/sync/desk';
import type { CollectionName } from '../../shared/schemas/common';
import type { Membership, ProgramTier, Registration } from '../../shared/schemas';
import type { EvidenceFields } from '../../shared/ocr/types';
import { countUnconfirmedChanges } from '../accounts/unsynced';
import { useCatalog } from '../app/catalog';
import { useApp } from '../app/context';
import { useSession, type SessionValue } from '../app/session';
import type { DeskDatabase } from '../db/database';
import { runVatCheck, sendDecision } from './desk';
import { importBankStatement, resolveBankCredit } from './bank';
import type { BankCredit, ResolveBankCredit, StatementImport } from '../../shared/sync/bank';
import { replaceEvidenceFile } from './evidence';
import { requestMembership, type RequestMembershipInput } from './memberships';
import { authoriseCard } from './cards';
import { resubmitBusinessAccount, type OrganisationCorrectionFields } from './resubmit';
import { submitOrganisation, type OrganisationApplication } from './organisations';
import { fixRegistration, registerProduct, withdrawRegistration, type RegisterProductInput, type RegistrationFix } from './registrations';
import type { SessionUser } from '../accounts/replica';
import type { DeskApi } from '../../shared/platform/api';

/** The server's migration report (`POST /organisations/:id/migrate-legacy`, server/legacy.ts `MigrationReport`). */
export interface MigrationReport {
  legacyEmail: string;
  dryRun: boolean;
  migrated: { legacyId: string; productModelId: string; serialNumber: string; points?: number }[];
  alreadyMigrated: { legacyId: string; productModelId: string; serialNumber: string }[];
  claimedElsewhere: { legacyId: string; productModelId: string; serialNumber: string; reason?: string }[];
  pointsBefore: number;
  pointsAfter: number;
  pointsChange: number;
}

/** Every action, by name: what a screen may ask of the data layer and the server. */
export interface Actions {
  /** A new `draft` registration (./registrations.ts). @throws ActionRefused, storage errors. */
  registerProduct(input: RegisterProductInput): Promise<Registration>;
  /** Fixes a registration without points: its client-owned fields, `draft` again until the server decides (./registrations.ts). @throws ActionRefused `not-found`/`locked`. */
  fixRegistration(id: string, fix: RegistrationFix): Promise<void>;
  /** Withdraws (deletes) a registration without points (./registrations.ts). @throws ActionRefused `not-found`/`locked`. */
  withdrawRegistration(id: string): Promise<void>;
  /** A business-account application: organisation, evidence document and file (./organisations.ts). @throws ActionRefused, storage errors. */
  submitOrganisation(application: OrganisationApplication): Promise<void>;
  /** Submits a rejected business account again with its corrected details (./resubmit.ts); false when it is no longer rejected. @throws storage errors. */
  resubmitOrganisation(organisationId: string, fields: OrganisationCorrectionFields): Promise<boolean>;
  /** A `requested` membership, checked against the program's tiers (./memberships.ts). @throws ActionRefused, storage errors. */
  requestMembership(input: RequestMembershipInput): Promise<Membership>;
  /** Opens the payment provider's hosted card page of a card membership (./cards.ts); again after a decline. @throws SignInError, Error (URL refused by the platform). */
  authoriseCard(membershipId: string): Promise<void>;
  /** Replaces an evidence document's file; false when the document is gone (./evidence.ts). */
  replaceEvidenceFile(evidenceDocumentId: string, file: { name: string; mimeType: string; bytes: Uint8Array }, scanFields: EvidenceFields): Promise<boolean>;
  /** Signs in against the configured server (renderer/app/session.tsx). @throws SignInError. */
  signIn(email: string, password: string): Promise<SessionUser>;
  /** Signs out; `removeData` also deletes this user's replica and settings from the computer. */
  signOut(options?: { removeData?: boolean }): Promise<void>;
  /** Local changes the server has not confirmed, for the sign-out question (exact while sync runs). */
  countUnsyncedChanges(): Promise<number>;
  /** Migrates (or, with `dryRun`, previews migrating) the old CPS account's products. @throws SignInError. */
  migrateLegacyProducts(organisationId: string, dryRun: boolean): Promise<MigrationReport>;
  /** Runs the VIES check of an organisation's VAT number on the server (back office). @throws DeskRequestError, SignInError. */
  runVatCheck(organisationId: string): Promise<VatCheck>;
  /** Sends a back-office decision with what the clerk saw. @throws DeskRequestError, SignInError. */
  sendDecision(organisationId: string, decision: Decision, seen: DecisionSeen): Promise<DecisionResult>;
  /** Imports a camt.053 bank statement file and reconciles it on the server (back office, ./bank.ts). @throws DeskRequestError, SignInError. */
  importBankStatement(file: Pick<Blob, 'size' | 'text'>): Promise<StatementImport>;
  /** Resolves a bank credit of the review list: mark an invoice paid or set it aside with a note (./bank.ts). @throws DeskRequestError, SignInError. */
  resolveBankCredit(creditId: string, body: ResolveBankCredit): Promise<BankCredit>;
  /** Sync now instead of waiting for the next retry (no-op without sync). */
  retrySync(): void;
  /** Sends a refused document again as it is now (no-op without sync). */
  resendRefused(collection: CollectionName, id: string): Promise<void>;
  /** Removes a refusal from the list; the document stays as it is (no-op without sync). */
  dismissRefusal(collection: CollectionName, id: string): Promise<void>;
}

/** What the actions are bound to: one open replica, its settings, the program's tiers and the session. */
export interface ActionDependencies {
  db: DeskDatabase;
  serverUrl: string;
  tiers: readonly ProgramTier[];
  session: Pick<SessionValue, 'signIn' | 'signOut' | 'request' | 'authorisedFetch' | 'sync' | 'status'>;
  /** Opens the provider's hosted card page outside the app (the platform API). */
  platform: Pick<DeskApi, 'openExternal'>;
  /** The user's language, for the hosted page. */
  language: 'nl' | 'en';
}

/** Binds every action to `deps` (see {@link Actions}). */
export function createActions(deps: ActionDependencies): Actions {
  const { db, session } = deps;
  return {
    registerProduct: (input) => registerProduct(db, input),
    fixRegistration: (id, fix) => fixRegistration(db, id, fix),
    withdrawRegistration: (id) => withdrawRegistration(db, id),
    submitOrganisation: (application) => submitOrganisation(db, application),
    resubmitOrganisation: (organisationId, fields) => resubmitBusinessAccount(db, organisationId, fields),
    requestMembership: (input) => requestMembership(db, input, deps.tiers),
    authoriseCard: (membershipId) => authoriseCard(session.request, deps.platform, membershipId, deps.language),
    replaceEvidenceFile: (id, file, fields) => replaceEvidenceFile(db, id, file, fields),
    signIn: (email, password) => session.signIn(email, password),
    signOut: (options) => session.signOut(options),
    countUnsyncedChanges: async () =>
      // the running sync knows exactly; without it (no token) count what the server never confirmed
      session.sync && session.status?.leader ? session.status.pendingLocalChanges + session.status.refusedDocuments : countUnconfirmedChanges(db as unknown as RxDatabase, deps.serverUrl),
    migrateLegacyProducts: (organisationId, dryRun) => session.request<MigrationReport>('POST', `/organisations/${encodeURIComponent(organisationId)}/migrate-legacy`, { dryRun }),
    runVatCheck: (organisationId) => runVatCheck(session.authorisedFetch, organisationId),
    sendDecision: (organisationId, decision, seen) => sendDecision(session.authorisedFetch, organisationId, decision, seen),
    importBankStatement: (file) => importBankStatement(session.authorisedFetch, file),
    resolveBankCredit: (creditId, body) => resolveBankCredit(session.authorisedFetch, creditId, body),
    retrySync: () => session.sync?.retryNow(),
    resendRefused: async (collection, id) => session.sync?.resendRefused(collection, id),
    dismissRefusal: async (collection, id) => session.sync?.dismissRefusal(collection, id),
  };
}

/** The actions of the signed-in app (inside `<SessionProvider>` and the catalog provider). */
export function useActions(): Actions {
  const { db, settings, platform } = useApp();
  const { tiers } = useCatalog();
  const { i18n } = useTranslation();
  const language = i18n.language === 'nl' ? 'nl' : 'en';
  const { signIn, signOut, request, authorisedFetch, sync, status } = useSession();
  return useMemo(
    () => createActions({ db, serverUrl: settings.serverUrl, tiers, session: { signIn, signOut, request, authorisedFetch, sync, status }, platform, language }),
    [db, settings.serverUrl, tiers, signIn, signOut, request, authorisedFetch, sync, status, platform, language],
  );
}
