import type { z } from 'zod';

const KINDS: Partial<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

const FORMATS: Partial<Record<string, string>> = {
  url: 'a web address',
  uuid: 'a UUID',
  email: 'an email address',
  datetime: 'a date and time like 2026-11-29T09:00:00Z',
  date: 'a date like 2026-11-29',
};

const entries = (n: number | bigint) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

function sizeLimit(origin: string, bound: number | bigint, side: 'most' | 'least'): string {
  if (origin === 'string') return `must be at ${side} ${bound} characters`;
  if (origin === 'array' || origin === 'set' || origin === 'map') return `must have at ${side} ${entries(bound)}`;
  return `must be at ${side} ${bound}`;
}

/**
 * Zod's own wording ("Invalid input: expected string, received undefined") is for programmers; a sender reads
 * these instead. Only where a schema gives no words of its own: its words ('must be "firing" or "resolved"') win.
 */
export const plainWords: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is missing' : `must be ${KINDS[issue.expected] ?? issue.expected}`;
    case 'too_big':
      return sizeLimit(issue.origin, issue.maximum, 'most');
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? 'must not be empty'
        : sizeLimit(issue.origin, issue.minimum, 'least');
    case 'invalid_format':
      return `must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    case 'invalid_key':
      return 'has a key that is not valid';
    case 'invalid_element':
      return 'has an entry that is not valid';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_union':
    case 'custom':
      return 'is not valid';
  }
};

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** Each problem and the field it is about; an unknown key is its own field, so the message can name it. */
function problems(issues: readonly z.core.$ZodIssue[]): { field: string; message: string }[] {
  return issues.flatMap((issue) => {
    const at = fieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: at ? `${at}.${key}` : key, message: issue.message }));
    }
    return [{ field: at, message: issue.message }];
  });
}

/** For a file an operator edits, one line per problem: "rotations[0].shift.startDate: must be a date like 2026-11-20". */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return problems(issues).map(({ field, message }) => `${field || '(top level)'}: ${message}`);
}

/**
 * For a sender, one sentence per problem that starts with its field: "title is missing", "links[0].url must be a
 * web address". `whole` names the value itself, for a problem with no field ("the generic alert must be an object").
 */
export function describeBodyIssues(issues: readonly z.core.$ZodIssue[], whole: string): string[] {
  return problems(issues).map(({ field, message }) => {
    const subject = field || whole;
    if (message.startsWith(`${subject} `)) return message;
    if (/^(is|must|has|should|can)\b/.test(message)) return `${subject} ${message}`;
    return `${subject}: ${message}`;
  });
}
