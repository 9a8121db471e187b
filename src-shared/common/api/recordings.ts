import { z } from 'zod';
import { sessionAuthorizationSchema } from './controlPlane/authorizationPlugins';
import type { ServiceContract } from './rpc';
import { protocolSchema } from './settings';

/** Where a recording is: guacd still writing it, being stored, stored, or not uploaded (kept in quarantine, with the error). */
export const recordingStatusSchema = z.enum(['recording', 'uploading', 'stored', 'not_uploaded']);
export type RecordingStatus = z.infer<typeof recordingStatusSchema>;

/** The stores a server can keep recordings in (OPENPSM_RECORDINGS_STORE). */
export const storeModeSchema = z.enum(['local', 's3', 'azure']);

/**
 * One line of typed text, with when its first key was pressed (ms from the recording's start);
 * a line typed while the terminal asked for a password reads `•••`. Lines a session showed
 * have the same shape, with when the line was drawn.
 */
export const typedLineSchema = z.object({ atMs: z.number().min(0), text: z.string() });
export type TypedLine = z.infer<typeof typedLineSchema>;

/** One recording as the Recordings view lists it. */
export const recordingSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  /** The file guacd wrote (`<session id>`, or `<session id>.1` after a name clash). */
  fileName: z.string(),
  username: z.string(),
  displayName: z.string(),
  computerName: z.string(),
  protocol: protocolSchema,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  status: recordingStatusSchema,
  /** The store holding it once stored. */
  store: storeModeSchema.nullable(),
  durationMs: z.number().min(0).nullable(),
  bytes: z.number().int().min(0).nullable(),
  /** SHA-256 of the bytes guacd wrote; the stored object was checked against it. */
  sha256: z.string().nullable(),
  /** Upload attempts so far, and the last failure (a not-uploaded recording shows it). */
  attempts: z.number().int().min(0),
  error: z.string().nullable(),
  /** The access request whose grant allowed the session, if one did: its reason and ticket id. */
  accessRequest: z.object({ id: z.uuid(), reason: z.string(), ticketId: z.string().nullable() }).nullable().optional(),
  /** What the policy's authorization plugin left on the session (searchable). */
  authorization: sessionAuthorizationSchema.nullable().optional(),
  /** With a text search: the typed lines that matched. */
  matches: z.array(typedLineSchema).optional(),
  /** With a text search: the lines the session showed (SSH, Telnet: guacd's typescript) that matched. */
  shown: z.array(typedLineSchema).optional(),
});
export type Recording = z.infer<typeof recordingSchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');

/** The Recordings view's filters; each is optional, and all given ones must match. */
export const recordingFilterSchema = z
  .object({
    /** Part of the person's username or display name. */
    person: z.string().trim().max(200).optional(),
    /** Part of the computer's name. */
    computer: z.string().trim().max(200).optional(),
    /** Started on or after this day (UTC). */
    from: day.optional(),
    /** Started on or before this day (UTC). */
    to: day.optional(),
    /** Part of a ticket id (an authorization plugin's or an access request's), or of a plugin's metadata or gateway user. */
    ticket: z.string().trim().max(200).optional(),
    /** Text typed (the keystroke index) or shown by the session (SSH, Telnet): access managers and auditors only. */
    text: z.string().trim().max(200).optional(),
  })
  .strict();
export type RecordingFilter = z.infer<typeof recordingFilterSchema>;

export const recordingListSchema = z.object({ recordings: z.array(recordingSchema) });

/**
 * A point of the recording the player can reach: the frame shown at `atMs` ends at byte
 * `offset`. Keyframes (every ≥ 5 s and ≥ 16 KiB) are where the player keeps a snapshot of the
 * screen, so a seek back replays from the nearest one instead of the start.
 */
export const recordingMarkSchema = z.object({
  atMs: z.number().min(0),
  offset: z.number().int().min(0),
  keyframe: z.boolean(),
});
export type RecordingMark = z.infer<typeof recordingMarkSchema>;

/** The server-side index the player starts from: length, marks and the typed lines. */
export const recordingIndexSchema = z.object({
  id: z.uuid(),
  durationMs: z.number().min(0),
  bytes: z.number().int().min(0),
  marks: z.array(recordingMarkSchema),
  keys: z.array(typedLineSchema),
  /** An SSH or Telnet recording without its typescript: typed text was not indexed (secrets could not be told apart). */
  typedWithheld: z.boolean().optional(),
});
export type RecordingIndex = z.infer<typeof recordingIndexSchema>;

/** The largest piece of a recording one read returns. */
export const maxRecordingRead = 1024 * 1024;

export const recordingReadSchema = z
  .object({ offset: z.number().int().min(0), length: z.number().int().min(1).max(maxRecordingRead) })
  .strict();

/** A piece of the recording as text, cut on a character boundary; `next` is where the following read starts. */
export const recordingPieceSchema = z.object({
  offset: z.number().int().min(0),
  next: z.number().int().min(0),
  text: z.string(),
  end: z.boolean(),
});
export type RecordingPiece = z.infer<typeof recordingPieceSchema>;

/** A piece of one of a session's typescript files (SSH, Telnet): `output` (what the terminal got) or `timing`. */
export const typescriptReadSchema = recordingReadSchema.extend({ file: z.enum(['output', 'timing']) }).strict();

/** Bytes of a typescript file as guacd wrote them (base64: the output need not be UTF-8); `end` once its last byte is read. */
export const typescriptPieceSchema = z.object({
  offset: z.number().int().min(0),
  next: z.number().int().min(0),
  base64: z.string(),
  end: z.boolean(),
});

export const recordingsContract = {
  /** Recordings matching the filters, newest first. Access managers and auditors only: FORBIDDEN_ROLE otherwise; a bad filter fails with VALIDATION_FAILED. */
  list: { params: recordingFilterSchema, result: recordingListSchema },
  /** The player's index of one recording (marks and typed lines). FORBIDDEN_ROLE, RECORDING_NOT_FOUND, RECORDING_NOT_READY. */
  index: { params: z.object({ id: z.uuid() }).strict(), result: recordingIndexSchema },
  /** A piece of the recording, streamed from its store. FORBIDDEN_ROLE, RECORDING_NOT_FOUND, RECORDING_UNREADABLE. */
  read: { params: recordingReadSchema.extend({ id: z.uuid() }).strict(), result: recordingPieceSchema },
  /** Tries again to store a not-uploaded recording (from quarantine). Access managers only. RECORDING_NOT_FOUND. */
  retry: { params: z.object({ id: z.uuid() }).strict(), result: recordingSchema },
} satisfies ServiceContract;
