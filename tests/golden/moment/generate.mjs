// Writes moment-2.31.0.json: what moment.js 2.31.0 (default "en" locale, as Templater
// uses it) prints for many dates x format strings, and what Templater's
// tp.date.weekday(format, weekday, reference, reference_format) returns.
// tests/unit/test_moment_golden.py checks kb-tui's formatter against every row without
// node.  Rerun (only to extend the table; the output is committed):
//
//   cd "$(mktemp -d)" && npm install moment@2.31.0 && node /path/to/tests/golden/moment/generate.mjs
//
// moment is loaded from the current folder's node_modules.  Times are local times in a
// fixed zone without daylight saving (UTC-3), so X, x and Z are reproducible; the test
// builds the same instants with a fixed UTC-3 offset.
process.env.TZ = "Etc/GMT+3"; // POSIX sign: UTC-3

import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(join(process.cwd(), "package.json"));
const moment = require("moment");
if (moment.version !== "2.31.0") {
  throw new Error(`moment ${moment.version} found, 2.31.0 wanted`);
}
const OUT = new URL("./moment-2.31.0.json", import.meta.url);
const STAMP = "YYYY-MM-DDTHH:mm:ss.SSS";

function at(y, mo, d, h = 0, mi = 0, s = 0, ms = 0) {
  const m = moment([y, mo - 1, d, h, mi, s, ms]);
  const pad = (n, w) => String(n).padStart(w, "0");
  const want = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}`;
  if (!m.isValid() || m.format(STAMP) !== want) throw new Error(`bad date ${want}`);
  return m;
}

// Dates: the ends of kb-tui's range (years 1 and 9999; moment's BC years do not fit in a
// Python datetime), years below 1000, leap days, century years, year boundaries where
// locale (Sunday-first) and ISO weeks change year, ISO years with 53 weeks, every
// weekday, ordinal suffixes (1st 2nd 3rd 11th 12th 13th 21st 22nd 23rd 31st), hours
// 0, 11, 12, 13 and 23, and milliseconds 0, 5, 50 and 999.
const dates = [
  at(1, 1, 1), at(1, 12, 31, 23, 59, 59, 999), at(9, 7, 4, 12), at(99, 3, 21, 1, 2, 3, 4),
  at(100, 2, 28, 6, 30), at(999, 12, 31, 13, 13, 13, 13), at(1000, 1, 1),
  at(1582, 10, 15, 11, 59, 59, 999), at(1899, 12, 31, 23), at(1900, 2, 28, 12),
  at(1900, 3, 1), at(1969, 12, 31, 23, 59, 59, 999), at(1970, 1, 1), at(1970, 1, 1, 3),
  at(1999, 12, 31, 23, 59, 59), at(2000, 1, 1), at(2000, 2, 29, 12, 0, 0, 5),
  at(2004, 12, 31, 18), at(2005, 1, 1, 9), at(2005, 1, 2), at(2005, 1, 3),
  at(2008, 12, 28), at(2008, 12, 29, 12, 1), at(2009, 1, 1, 0, 0, 1), at(2009, 12, 31),
  at(2010, 1, 3, 21, 21, 21, 210), at(2010, 1, 4), at(2011, 1, 1, 22), at(2011, 1, 2),
  at(2012, 2, 29, 23, 59), at(2012, 12, 30), at(2012, 12, 31, 11, 11), at(2015, 12, 31),
  at(2016, 1, 3, 2, 2, 2, 2), at(2016, 12, 31, 12, 12, 12, 120), at(2017, 1, 1, 13),
  at(2018, 12, 30), at(2019, 12, 29), at(2020, 12, 31, 0, 0, 0, 50), at(2021, 1, 1),
  at(2021, 1, 3, 15, 45), at(2021, 1, 4), at(2022, 1, 1), at(2022, 1, 2, 12),
  at(2023, 1, 1), at(2023, 2, 28, 23), at(2023, 3, 22), at(2023, 11, 11, 11, 11, 11, 111),
  at(2023, 12, 31, 23, 59, 59, 999), at(2024, 1, 1), at(2024, 1, 5, 13, 4, 5, 678),
  at(2024, 2, 29, 12), at(2024, 6, 2, 0, 30), at(2024, 12, 29), at(2024, 12, 30, 8, 5, 9),
  at(2025, 5, 13, 17, 3), at(2026, 1, 1), at(2026, 12, 31, 23), at(2027, 1, 3),
  at(2100, 2, 28), at(2100, 3, 1, 12), at(2400, 2, 29), at(5000, 8, 22, 22, 22, 22, 222),
  at(9999, 1, 1), at(9999, 12, 31, 23, 59, 59, 999),
];

const single = (
  "M Mo MM MMM MMMM Q Qo D Do DD DDD DDDo DDDD d do dd ddd dddd e E eHHmm w wo ww W Wo WW " +
  "Y YY YYYY YYYYY YYYYYY N NN NNN NNNN NNNNN y yo yy yyy yyyy gg gggg ggggg GG GGGG GGGGG " +
  "A a H HH h hh k kk m mm s ss S SS SSS SSSS SSSSS SSSSSS SSSSSSS SSSSSSSS SSSSSSSSS " +
  "z zz Z ZZ X x hmm hmmss Hmm Hmmss L LL LLL LLLL l ll lll llll LT LTS"
).split(" ");
const combined = [
  "", "YYYY-MM-DD", "YYYY-MM-DDTHH:mm:ssZ", "dddd, MMMM Do YYYY, h:mm:ss a", "Do MMMM YYYY",
  "gggg-[W]ww", "GGGG-[W]WW-E", "[Q]Q YYYY", "dddd, LL", "LL [at] LT", "LLLL [(]ll[)]",
  "L LT", "[LT] \\LT [[LT]", "[Today is] dddd", "\\L\\L \\l", "LLLLL", "llllll", "lts LTs",
  "hLT", "YYYYL", "LTS.SSS", "NNNNNN yyyyy", "y [AD]", "N y", "NNNN yo", "\\N \\y [N]",
  "w| W| wo|", "\\eHHmm eHHmm", "ee EE", "zZ zzZZ", "YYYY\nMM", "[a\nb] x\ry\u2028z",
  "\n", "[]", "[", "]", "\\", "a\\", "\\\\YYYY", "YYYYYYY", "MMMMM", "DDDDD", "ddddd",
  "kkk hhh HHH mmm sss", "Mo Qo Do DDDo do wo Wo yo", "x X", "[[YYYY]]", "[YYYY",
  "YYYY]", "h:mm A", "HH:mm:ss.SSS", "LT LTS lt", "MM/DD/YYYY", "M/D/YY",
];
const formats = [...single, ...combined];

function formatOrNull(m, f) {
  try {
    return m.format(f);
  } catch {
    return null; // moment throws (a format of line breaks only): Templater reports an error
  }
}

const outputs = dates.map((m) => formats.map((f) => formatOrNull(m, f)));

// tp.date.weekday: moment(reference, reference_format).weekday(weekday).format(format),
// Templater refuses a reference moment cannot read (null here: kb-tui leaves the
// placeholder as written).  Without a reference the base is "now", fixed per case.
const weekdayFormats = ["YYYY-MM-DD", "dddd YYYY-MM-DD HH:mm:ss", "LL", "gggg-[W]ww e"];
const weekdays = [0, 1, 3, 6, 7, -7, -1, 13, 14, -14, 1.5, -2.5];
const nows = ["2024-01-03T10:20:30", "2023-12-31T00:00:00", "2024-01-06T23:59:59", "2024-02-29T12:00:00"];
const references = [
  ["2024-01-03", null], ["2024-01-03", "YYYY-MM-DD"], ["2023-12-31", "YYYY-MM-DD"],
  ["2024-01-06 18:45", "YYYY-MM-DD HH:mm"], ["03/01/2024", "DD/MM/YYYY"],
  ["Sunday, 31 December 2023", "dddd, D MMMM YYYY"], ["2024-W10", "GGGG-[W]WW"],
  ["12/25/2024", "L"], ["Dec 25, 2024", "ll"], ["March 1, 2024 9:05 PM", "LLL"],
  ["2024 AD", "y N"], ["AD 2024-03-05", "N YYYY-MM-DD"], ["anno domini 7", "NNNN y"],
  ["2024th of March", "yo [of] MMMM"], ["Dec 25, 2024 AD", "ll N"], ["2024-01-03 31015", "YYYY-MM-DD eHHmm"],
  ["2024 12 31015", "gggg ww eHHmm"], ["5 BC", "y N"],
  ["not a date", "YYYY-MM-DD"], ["2024-02-30", "YYYY-MM-DD"], ["2024-13-01", "YYYY-MM-DD"],
];

// null also when the day lies outside years 1-9999 (a BC year): no Python datetime holds
// it, so kb-tui leaves such a placeholder as written; moment's text is kept as "moment".
function weekday(format, day, reference, referenceFormat) {
  if (reference && !moment(reference, referenceFormat ?? undefined).isValid()) return [null];
  const m = moment(reference, referenceFormat ?? undefined).weekday(day);
  return m.year() >= 1 && m.year() <= 9999 ? [m.format(format)] : [null, m.format(format)];
}

function weekdayCase(fields, format, day, reference, referenceFormat) {
  const [expected, beyond] = weekday(format, day, reference, referenceFormat);
  return beyond === undefined ? { ...fields, expected } : { ...fields, expected, moment: beyond };
}

const weekdayCases = [];
for (const now of nows) {
  for (const day of weekdays) {
    for (const format of weekdayFormats) {
      weekdayCases.push(weekdayCase({ now, format, weekday: day }, format, day, now, "YYYY-MM-DDTHH:mm:ss"));
    }
  }
}
for (const [reference, referenceFormat] of references) {
  for (const day of weekdays) {
    for (const format of weekdayFormats) {
      const fields = { now: nows[0], format, weekday: day, reference, reference_format: referenceFormat };
      weekdayCases.push(weekdayCase(fields, format, day, reference, referenceFormat));
    }
  }
}

const table = {
  generator: "tests/golden/moment/generate.mjs",
  moment: moment.version,
  locale: moment.locale(),
  utc_offset_minutes: dates[0].utcOffset(),
  dates: dates.map((m) => m.format(STAMP)),
  formats,
  outputs,
  weekday_cases: weekdayCases,
};
writeFileSync(OUT, JSON.stringify(table) + "\n");
console.log(`${dates.length} dates x ${formats.length} formats = ${dates.length * formats.length} cases, ${weekdayCases.length} weekday cases`);
