import {
  recordingFilterSchema,
  recordingIndexSchema,
  recordingListSchema,
  recordingPieceSchema,
  recordingReadSchema,
  recordingSchema,
  typescriptPieceSchema,
  typescriptReadSchema,
} from '../recordings';
import { emptySchema } from './basics';
import { defineRoute, idParams, noParams } from './route';

/** Playing and searching recordings (the keystroke index among them) is for access managers and auditors. */
const readers: ['access_manager', 'auditor'] = ['access_manager', 'auditor'];

/** The Recordings view: the list with its filters, the player's index, pieces of a recording, and Retry. */
export const recordingsApi = {
  search: defineRoute({
    method: 'POST',
    path: '/api/recordings/search',
    summary:
      'Recordings matching the filters (person, computer, dates, ticket id or plugin metadata, text typed or shown), newest first',
    params: noParams,
    body: recordingFilterSchema,
    response: recordingListSchema,
    roles: readers,
    errors: [],
  }),
  index: defineRoute({
    method: 'GET',
    path: '/api/recordings/:id/index',
    summary: "The player's index of a recording: length, marks (frame ends, keyframes) and typed lines",
    params: idParams,
    body: null,
    response: recordingIndexSchema,
    roles: readers,
    errors: ['RECORDING_NOT_FOUND', 'RECORDING_NOT_READY'],
  }),
  read: defineRoute({
    method: 'POST',
    path: '/api/recordings/:id/read',
    summary: 'A piece of a recording as text, cut on a character boundary, read from its store',
    params: idParams,
    body: recordingReadSchema,
    response: recordingPieceSchema,
    roles: readers,
    errors: ['RECORDING_NOT_FOUND', 'RECORDING_NOT_READY', 'RECORDING_UNREADABLE'],
  }),
  typescript: defineRoute({
    method: 'POST',
    path: '/api/recordings/:id/typescript',
    summary:
      "A piece of the session's typescript (SSH, Telnet: the terminal's output, or its timing), byte-exact, from the store",
    params: idParams,
    body: typescriptReadSchema,
    response: typescriptPieceSchema,
    roles: readers,
    errors: ['RECORDING_NOT_FOUND', 'RECORDING_NOT_READY', 'RECORDING_UNREADABLE'],
  }),
  retry: defineRoute({
    method: 'POST',
    path: '/api/recordings/:id/retry',
    summary: 'Tries again to store a recording that was not uploaded (it waits in quarantine)',
    params: idParams,
    body: emptySchema,
    response: recordingSchema,
    roles: ['access_manager'],
    errors: ['RECORDING_NOT_FOUND'],
  }),
};
