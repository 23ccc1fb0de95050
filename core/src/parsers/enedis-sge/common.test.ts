import { describe, expect, it } from 'vitest';
import { classifySgeFileName, publicationOfFileName, readIsoTimestamp } from './common.js';

describe('classifySgeFileName', () => {
  it.each([
    ['ERDF_R50_23X--130624--EE1_GRD-F121.zip', 'R50'],
    ['ERDF_R151_17X100A100FXXXXX_GRD-F121_3363068_00001_Q_00001_00001_20241219031500.zip', 'R151'],
    ['ENEDIS_R171_C_00000099895595_GRDF_23X--130624--EE1_20260301024107.zip', 'R171'],
    ['ENEDIS_23X--130624--EE1_R4H_CDC_20260302.zip', 'R4H'],
    ['ENEDIS_23X--130624--EE1_R4x_CDC_M_C_30000210411333_ABC_20260302010203.xml', 'R4M'],
    ['ENEDIS_C68_P_ITC_A0000001_00001_20241120101500.zip', 'C68'],
    ['ENEDIS_R63_P_CdC_A0000001_00001_20241120101500.zip', null],
  ])('classifies %s', (fileName, flow) => {
    expect(classifySgeFileName(fileName)).toBe(flow);
  });
});

describe('publicationOfFileName', () => {
  it('reads rank and total', () => {
    expect(
      publicationOfFileName(
        'ERDF_R50_23X--130624--EE1_GRD-F121_3363068_00012_Q_00003_00007_20230106190230.zip',
      ),
    ).toEqual({ flow: 'R50', publicationKey: 'R50_3363068_00012', rank: 3, total: 7 });
  });

  it('rejects a rank above the total', () => {
    expect(
      publicationOfFileName('ERDF_R151_X_GRD-F121_3363068_00012_M_00009_00007_20230106190230.xml'),
    ).toBeNull();
  });
});

describe('readIsoTimestamp', () => {
  it('reads offsets and fractions', () => {
    expect(readIsoTimestamp('2024-10-27T02:00:00+01:00')).toEqual({
      wallMs: Date.UTC(2024, 9, 27, 2),
      offsetMinutes: 60,
    });
    expect(readIsoTimestamp('2024-10-27T02:00:00.250Z')).toEqual({
      wallMs: Date.UTC(2024, 9, 27, 2, 0, 0, 250),
      offsetMinutes: 0,
    });
    expect(readIsoTimestamp('2026-03-01T00:51')).toEqual({
      wallMs: Date.UTC(2026, 2, 1, 0, 51),
      offsetMinutes: null,
    });
  });

  it.each([
    '2024-02-30T00:00:00',
    '2024-10-27T24:00:00',
    '2024-10-27',
    '27/10/2024 02:00',
    '2024-10-27T02:00:00+1',
  ])('rejects %s', (text) => {
    expect(readIsoTimestamp(text)).toBeNull();
  });
});
