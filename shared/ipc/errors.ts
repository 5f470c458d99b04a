/**
 * Typed IPC errors. Every refusal crosses the wire as data, so the renderer can tell a bad payload
 * from a foreign sender or a failing service without parsing messages.
 */
export type IpcErrorCode =
  | 'INVALID_PAYLOAD'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNKNOWN_CHANNEL'
  | 'FORBIDDEN_SENDER'
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'REJECTED'
  | 'DISCONNECTED'
  | 'INTERNAL';

export interface IpcErrorData {
  code: IpcErrorCode;
  message: string;
  /** For INVALID_PAYLOAD: where the payload was wrong. */
  issues?: { path: string; message: string }[];
}

export class IpcError extends Error {
  readonly code: IpcErrorCode;
  readonly issues: IpcErrorData['issues'];

  constructor(data: IpcErrorData) {
    super(data.message);
    this.name = 'IpcError';
    this.code = data.code;
    this.issues = data.issues;
  }

  toData(): IpcErrorData {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static from(error: unknown): IpcError {
    if (error instanceof IpcError) return error;
    if (isIpcErrorData(error)) return new IpcError(error);
    const message = error instanceof Error ? error.message : String(error);
    return new IpcError({ code: 'INTERNAL', message });
  }
}

export function isIpcErrorData(value: unknown): value is IpcErrorData {
  return typeof value === 'object' && value !== null && typeof (value as IpcErrorData).code === 'string' && typeof (value as IpcErrorData).message === 'string';
}
