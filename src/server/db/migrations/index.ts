import type { Migration } from 'kysely';
import * as m20261127CreateFoundation from './2026-11-27T00-00-00_create-foundation.ts';
import * as m20261127CreateApplications from './2026-11-27T10-00-00_create-applications.ts';
import * as m20261127AddCaseWorkflow from './2026-11-27T21-00-00_add-case-workflow.ts';
import * as m20261127CreateHolidays from './2026-11-27T22-00-00_create-holidays.ts';
import * as m20261127AddStaffTotp from './2026-11-27T23-00-00_add-staff-totp.ts';
import * as m20261128CreateDocuments from './2026-11-28T00-00-00_create-documents-and-notifications.ts';
import * as m20261128CreateNotices from './2026-11-28T01-00-00_create-notices.ts';
import * as m20261128AddCaseQueueIndex from './2026-11-28T03-00-00_add-case-queue-index.ts';
import * as m20261128AddNoticeColumnVersions from './2026-11-28T04-00-00_add-notice-column-versions.ts';
import * as m20261128AddApplicantSearchColumns from './2026-11-28T05-00-00_add-applicant-search-columns.ts';
import * as m20261128AddBlobKeyIndexes from './2026-11-28T06-00-00_add-blob-key-indexes.ts';
import * as m20261206CreateRegister from './2026-12-06T00-00-00_create-register.ts';
import * as m20261206AddRegisterVersion from './2026-12-06T01-00-00_add-register-version.ts';
import * as m20261206CreateCaseExtensions from './2026-12-06T02-00-00_create-case-extensions.ts';
import * as m20261206CreateRateLimits from './2026-12-06T05-00-00_create-rate-limits.ts';
import * as m20261206CreateRatings from './2026-12-06T03-00-00_create-ratings.ts';
import * as m20261206AuditRetention from './2026-12-06T06-00-00_audit-retention.ts';
import * as m20261206LoginThrottle from './2026-12-06T07-00-00_login-throttle.ts';
import * as m20261206AccountBasicInfo from './2026-12-06T08-00-00_account-basic-info.ts';
import * as m20261207CaseSearchGrams from './2026-12-07T00-00-00_case-search-grams.ts';
import * as m20261207CaseHolders from './2026-12-07T01-00-00_case-holders.ts';
import * as m20261207CaseSuspensions from './2026-12-07T02-00-00_case-suspensions.ts';
import * as m20261207OpinionTemplates from './2026-12-07T03-00-00_opinion-templates.ts';
import * as m20261207DeadlineWarnings from './2026-12-07T04-00-00_deadline-warnings.ts';
import * as m20261207SubmissionVersions from './2026-12-07T05-00-00_submission-versions.ts';
import * as m20261207StatisticsIndexes from './2026-12-07T06-00-00_statistics-indexes.ts';
import * as m20261207NoticeSearchGrams from './2026-12-07T07-00-00_notice-search-grams.ts';
import * as m20261207CaseNamePairs from './2026-12-07T08-00-00_case-name-pairs.ts';
import * as m20261207CaseNamePairsName from './2026-12-07T09-00-00_case-name-pairs-name.ts';
import * as m20261208DossierParts from './2026-12-08T00-00-00_dossier-parts.ts';

/** Every migration in order; names are the file names, which Kysely sorts and records. */
export const migrations: Record<string, Migration> = {
  '2026-11-27T00-00-00_create-foundation': m20261127CreateFoundation,
  '2026-11-27T10-00-00_create-applications': m20261127CreateApplications,
  '2026-11-27T21-00-00_add-case-workflow': m20261127AddCaseWorkflow,
  '2026-11-27T22-00-00_create-holidays': m20261127CreateHolidays,
  '2026-11-27T23-00-00_add-staff-totp': m20261127AddStaffTotp,
  '2026-11-28T00-00-00_create-documents-and-notifications': m20261128CreateDocuments,
  '2026-11-28T01-00-00_create-notices': m20261128CreateNotices,
  '2026-11-28T03-00-00_add-case-queue-index': m20261128AddCaseQueueIndex,
  '2026-11-28T04-00-00_add-notice-column-versions': m20261128AddNoticeColumnVersions,
  '2026-11-28T05-00-00_add-applicant-search-columns': m20261128AddApplicantSearchColumns,
  '2026-11-28T06-00-00_add-blob-key-indexes': m20261128AddBlobKeyIndexes,
  '2026-12-06T00-00-00_create-register': m20261206CreateRegister,
  '2026-12-06T01-00-00_add-register-version': m20261206AddRegisterVersion,
  '2026-12-06T02-00-00_create-case-extensions': m20261206CreateCaseExtensions,
  '2026-12-06T03-00-00_create-ratings': m20261206CreateRatings,
  '2026-12-06T05-00-00_create-rate-limits': m20261206CreateRateLimits,
  '2026-12-06T06-00-00_audit-retention': m20261206AuditRetention,
  '2026-12-06T07-00-00_login-throttle': m20261206LoginThrottle,
  '2026-12-06T08-00-00_account-basic-info': m20261206AccountBasicInfo,
  '2026-12-07T00-00-00_case-search-grams': m20261207CaseSearchGrams,
  '2026-12-07T01-00-00_case-holders': m20261207CaseHolders,
  '2026-12-07T02-00-00_case-suspensions': m20261207CaseSuspensions,
  '2026-12-07T03-00-00_opinion-templates': m20261207OpinionTemplates,
  '2026-12-07T04-00-00_deadline-warnings': m20261207DeadlineWarnings,
  '2026-12-07T05-00-00_submission-versions': m20261207SubmissionVersions,
  '2026-12-07T06-00-00_statistics-indexes': m20261207StatisticsIndexes,
  '2026-12-07T07-00-00_notice-search-grams': m20261207NoticeSearchGrams,
  '2026-12-07T08-00-00_case-name-pairs': m20261207CaseNamePairs,
  '2026-12-07T09-00-00_case-name-pairs-name': m20261207CaseNamePairsName,
  '2026-12-08T00-00-00_dossier-parts': m20261208DossierParts,
};
