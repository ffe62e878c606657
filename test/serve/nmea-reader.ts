/** A small, independent NMEA reader for the tests: checks the checksum and splits the fields. */

export interface ParsedSentence {
  fields: string[];
  checksumValid: boolean;
}

export function parseSentence(sentence: string): ParsedSentence {
  const match = /^\$([^*$]*)\*([0-9A-F]{2})$/.exec(sentence.trim());
  if (!match) throw new Error(`not an NMEA sentence: ${JSON.stringify(sentence)}`);
  const body = match[1] as string;
  let sum = 0;
  for (const byte of Buffer.from(body, 'latin1')) sum ^= byte;
  return { fields: body.split(','), checksumValid: sum === Number.parseInt(match[2] as string, 16) };
}

/** Latitude and longitude from the four fields starting at `offset` (ddmm.mmmm,N,dddmm.mmmm,E). */
export function sentenceDegrees(fields: string[], offset: number): [number, number] {
  const read = (text: string, degreeDigits: number, hemisphere: string, negative: string): number => {
    const value = Number(text.slice(0, degreeDigits)) + Number(text.slice(degreeDigits)) / 60;
    return hemisphere === negative ? -value : value;
  };
  return [
    read(fields[offset] ?? '', 2, fields[offset + 1] ?? '', 'S'),
    read(fields[offset + 2] ?? '', 3, fields[offset + 3] ?? '', 'W'),
  ];
}
