import { describe, expect, it } from 'vitest';
import {
  checkDeliveryPointIdentifier,
  cleanDeliveryPointIdentifier,
  isSegmentAllowed,
  normaliseDeliveryPointIdentifier,
} from './identifiers.js';

describe('checkDeliveryPointIdentifier', () => {
  it('accepts a 14-digit PRM and rejects 13 digits or letters', () => {
    expect(checkDeliveryPointIdentifier('electricity', '98800000000001')).toBeNull();
    expect(checkDeliveryPointIdentifier('electricity', '9880000000001')).toBe('prm-format');
    expect(checkDeliveryPointIdentifier('electricity', '9880000000000A')).toBe('prm-format');
  });

  it('accepts a 14-digit PCE and a GI PCE', () => {
    expect(checkDeliveryPointIdentifier('gas', '99000000000001')).toBeNull();
    expect(checkDeliveryPointIdentifier('gas', 'GI123456')).toBeNull();
    expect(checkDeliveryPointIdentifier('gas', 'GI12345')).toBe('pce-format');
  });

  it('takes any short text for heat substations', () => {
    expect(checkDeliveryPointIdentifier('district_heating', 'SST-12')).toBeNull();
    expect(checkDeliveryPointIdentifier('district_heating', '')).toBe('empty');
  });
});

describe('normaliseDeliveryPointIdentifier', () => {
  it('restores the leading zeros Excel dropped from a PRM', () => {
    expect(normaliseDeliveryPointIdentifier('electricity', 1234567890123)).toBe('01234567890123');
    expect(normaliseDeliveryPointIdentifier('electricity', '0123 4567 8901 23')).toBe('01234567890123');
  });

  it('keeps GI PCEs in capitals', () => {
    expect(normaliseDeliveryPointIdentifier('gas', ' gi123456 ')).toBe('GI123456');
  });
});

describe('cleanDeliveryPointIdentifier', () => {
  it('removes spaces without padding a short typed number', () => {
    expect(cleanDeliveryPointIdentifier(' 0123 4567 8901 23 ')).toBe('01234567890123');
    expect(cleanDeliveryPointIdentifier('1234')).toBe('1234');
    expect(checkDeliveryPointIdentifier('electricity', cleanDeliveryPointIdentifier('1234'))).toBe(
      'prm-format',
    );
  });
});

describe('isSegmentAllowed', () => {
  it('keeps electricity segments for electricity and gas options for gas', () => {
    expect(isSegmentAllowed('electricity', 'C4')).toBe(true);
    expect(isSegmentAllowed('electricity', 'T4')).toBe(false);
    expect(isSegmentAllowed('gas', 'TP')).toBe(true);
    expect(isSegmentAllowed('gas', 'HTA')).toBe(false);
    expect(isSegmentAllowed('district_heating', 'C5')).toBe(false);
  });
});
