import { compareQuantities, isQuantity, parseBytes, parseMillicores } from '../charts/config/quantities';

describe('Kubernetes quantities', () => {
  test.each([
    ['4G', 4_000_000_000n],
    ['4Gi', 4n * 2n ** 30n],
    ['4096Mi', 4n * 2n ** 30n],
    ['4e9', 4_000_000_000n],
    ['500M', 500_000_000n],
    ['1.5Gi', 1_610_612_736n],
    ['128974848', 128_974_848n],
    ['129e6', 129_000_000n],
    ['123Mi', 128_974_848n],
    ['0.5k', 500n],
    ['100m', 1n],
    [3, 3n],
  ])('%s is %s bytes', (quantity, bytes) => {
    expect(parseBytes(quantity)).toBe(bytes);
  });

  test('accepts the Dask spellings the chart uses for default_resources', () => {
    expect(parseBytes('4GiB')).toBe(4n * 2n ** 30n);
    expect(parseBytes('4 GB')).toBe(4_000_000_000n);
  });

  test.each([['1', 1000n], ['1.5', 1500n], ['500m', 500n], [2, 2000n], ['0.1', 100n], ['1e1', 10000n]])('%s is %s millicores', (quantity, millicores) => {
    expect(parseMillicores(quantity)).toBe(millicores);
  });

  test.each(['two', '4GB', '-1', '1.5.2', '', 'Gi', '4 Gi'])('%j is not a quantity', (text) => {
    expect(isQuantity(text)).toBe(false);
  });

  test('compares across units', () => {
    expect(compareQuantities('1Gi', '1G')).toBe(1);
    expect(compareQuantities('1000M', '1G')).toBe(0);
    expect(compareQuantities('500m', 1)).toBe(-1);
  });
});
