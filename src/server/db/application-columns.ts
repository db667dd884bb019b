/**
 * The columns of an application the services read (`Application`): everything but the derived
 * search columns (applicant name, USCC, character pairs), which only the staff's lists read.
 */
export const APPLICATION_COLUMNS = [
  'id',
  'accountId',
  'item',
  'number',
  'applicationType',
  'data',
  'savedSteps',
  'status',
  'isOpen',
  'version',
  'createdAt',
  'updatedAt',
  'submittedAt',
  'workflow',
  'node',
  'nodeEnteredAt',
  'outcome',
  'correction',
  'extensionDays',
  'holderAccountId',
  'heldSince',
  'suspendedAt',
] as const;
