import type { AuditRow } from './queries.ts';

const columns = [
  'id',
  'occurredAt',
  'actorType',
  'actorId',
  'actorEmail',
  'action',
  'requestId',
  'data',
] as const;

/**
 * One CSV cell: quoted when needed, and never read as a formula by a spreadsheet (a leading
 * =, +, -, @ or control character gets an apostrophe).
 */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : value instanceof Date
        ? value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditToCsv(rows: AuditRow[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function auditToJsonLines(rows: AuditRow[]): string {
  return rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : '');
}
