import { distanceMeters, haversineKm, haversineKmOf } from './geo';

// Reference distances are Vincenty's inverse on the WGS84 ellipsoid; the spherical formula may
// differ by up to about 0.5 %, a few metres at check-in distances.
const withinHalfAPercent = (actual: number, reference: number) =>
  expect(Math.abs(actual - reference)).toBeLessThanOrEqual(reference * 0.005);

describe('distanceMeters', () => {
  it('measures a short walk across People’s Square to within a few metres', () => {
    const shanghaiMuseum = { lat: 31.2285, lng: 121.4752 };
    const grandTheatre = { lat: 31.2309, lng: 121.47 };
    withinHalfAPercent(distanceMeters(shanghaiMuseum, grandTheatre), 562.37);
    expect(Math.round(distanceMeters(shanghaiMuseum, grandTheatre))).toBe(
      Math.round(distanceMeters(grandTheatre, shanghaiMuseum)),
    );
  });

  it('tells a worker just inside 500 m from one just outside', () => {
    const home = { lat: 31.194, lng: 121.437 };
    withinHalfAPercent(distanceMeters(home, { lat: 31.1978, lng: 121.4398 }), 498.72);
    withinHalfAPercent(distanceMeters(home, { lat: 31.1982, lng: 121.4398 }), 536.71);
    expect(distanceMeters(home, { lat: 31.1978, lng: 121.4398 })).toBeLessThan(500);
    expect(distanceMeters(home, { lat: 31.1982, lng: 121.4398 })).toBeGreaterThan(500);
  });

  it('measures across the city, Xujiahui to Lujiazui', () =>
    withinHalfAPercent(
      distanceMeters({ lat: 31.194, lng: 121.437 }, { lat: 31.2397, lng: 121.4998 }),
      7841.07,
    ));

  it('is zero at the address itself', () =>
    expect(distanceMeters({ lat: 31.194, lng: 121.437 }, { lat: 31.194, lng: 121.437 })).toBe(0));
});

describe('haversineKm', () => {
  const xujiahui = { lat: 31.194, lng: 121.437 };
  const lujiazui = { lat: 31.2397, lng: 121.4998 };

  it('is distanceMeters in kilometres, on points or on bare coordinates', () => {
    expect(haversineKm(xujiahui, lujiazui) * 1000).toBeCloseTo(distanceMeters(xujiahui, lujiazui), 6);
    expect(haversineKmOf(xujiahui.lat, xujiahui.lng, lujiazui.lat, lujiazui.lng)).toBe(
      haversineKm(xujiahui, lujiazui),
    );
  });

  it('measures Shanghai to Beijing to within half a percent', () =>
    withinHalfAPercent(haversineKm(xujiahui, { lat: 39.9042, lng: 116.4074 }), 1068.12));

  it('is half the circumference between antipodes, not NaN', () =>
    expect(haversineKm({ lat: 0, lng: 0 }, { lat: 0, lng: 180 })).toBeCloseTo(Math.PI * 6371.0088, 6));
});
