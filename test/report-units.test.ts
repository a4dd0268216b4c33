import { formatReportAmount, formatReportAmounts } from '../lib/report/report-units';

const KI = 1024;
const MI = 1024 * KI;
const GI = 1024 * MI;

describe('formatReportAmount', () => {
  test('cpu: millicores below 1 core, cores from 1 core up, exact to the millicore', () => {
    expect(formatReportAmount('cpu', 250)).toEqual('250m');
    expect(formatReportAmount('cpu', 999)).toEqual('999m');
    expect(formatReportAmount('cpu', 1000)).toEqual('1');
    expect(formatReportAmount('cpu', 1500)).toEqual('1.5');
    expect(formatReportAmount('cpu', 1234)).toEqual('1.234');
    expect(formatReportAmount('cpu', 9000)).toEqual('9');
    expect(formatReportAmount('cpu', 0)).toEqual('0');
  });

  test('memory: Mi below 1Gi, Gi from 1Gi up, at most 2 decimals', () => {
    expect(formatReportAmount('memory', 64 * MI)).toEqual('64Mi');
    expect(formatReportAmount('memory', 960 * MI)).toEqual('960Mi');
    expect(formatReportAmount('memory', 1023 * MI)).toEqual('1023Mi');
    expect(formatReportAmount('memory', GI)).toEqual('1Gi');
    expect(formatReportAmount('memory', 1536 * MI)).toEqual('1.5Gi');
    expect(formatReportAmount('memory', 9600 * MI)).toEqual('9.38Gi');
    expect(formatReportAmount('memory', 11520 * MI)).toEqual('11.25Gi');
    expect(formatReportAmount('memory', 2048 * GI)).toEqual('2Ti');
  });

  test('memory that is not whole Mi: rounded to 2 decimals (100M is 95.37Mi), small amounts in Ki or bytes', () => {
    expect(formatReportAmount('memory', 100_000_000)).toEqual('95.37Mi');
    expect(formatReportAmount('memory', 1536)).toEqual('1.5Ki');
    expect(formatReportAmount('memory', 512)).toEqual('512');
  });

  test('ephemeral-storage and hugepages are bytes too; other resources are plain numbers', () => {
    expect(formatReportAmount('ephemeral-storage', 2 * GI)).toEqual('2Gi');
    expect(formatReportAmount('hugepages-2Mi', 4 * MI)).toEqual('4Mi');
    expect(formatReportAmount('nvidia.com/gpu', 2)).toEqual('2');
  });

  test('a negative amount keeps its sign', () => {
    expect(formatReportAmount('memory', -56 * MI)).toEqual('-56Mi');
  });
});

describe('formatReportAmounts', () => {
  test('amounts side by side share the unit of the largest', () => {
    expect(formatReportAmounts('cpu', [900, 9000])).toEqual(['0.9', '9']);
    expect(formatReportAmounts('cpu', [1000, 1500])).toEqual(['1', '1.5']);
    expect(formatReportAmounts('cpu', [250, 500])).toEqual(['250m', '500m']);
    expect(formatReportAmounts('memory', [960 * MI, 9600 * MI])).toEqual(['0.94Gi', '9.38Gi']);
    expect(formatReportAmounts('memory', [512 * MI, 2 * GI])).toEqual(['0.5Gi', '2Gi']);
    expect(formatReportAmounts('memory', [64 * MI, 128 * MI])).toEqual(['64Mi', '128Mi']);
  });

  test('a small amount that would read below 0.1 of the unit puts them all in its own unit', () => {
    expect(formatReportAmounts('cpu', [50, 1000])).toEqual(['50m', '1000m']);
    expect(formatReportAmounts('cpu', [100, 1000])).toEqual(['0.1', '1']);
    expect(formatReportAmounts('memory', [64 * MI, 2 * GI])).toEqual(['64Mi', '2048Mi']);
  });

  test('two different amounts that would read the same go one unit down', () => {
    expect(formatReportAmounts('memory', [1088 * MI, 1090 * MI])).toEqual(['1088Mi', '1090Mi']);
  });

  test('zero reads 0 in any unit and does not choose the unit', () => {
    expect(formatReportAmounts('memory', [0, 2 * GI])).toEqual(['0', '2Gi']);
    expect(formatReportAmounts('cpu', [0, 0])).toEqual(['0', '0']);
  });

  test('no amounts, no texts', () => {
    expect(formatReportAmounts('memory', [])).toEqual([]);
  });
});
