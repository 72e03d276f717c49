/** A point in degrees of latitude and longitude (the contracts' GeoPoint has this shape). */
export interface LatLng {
  readonly lat: number;
  readonly lng: number;
}

/** The mean earth radius: on this sphere a distance is within about 0.5 % of the WGS84 ellipsoid's. */
export const EARTH_RADIUS_KM = 6371.0088;
const RADIANS_PER_DEGREE = Math.PI / 180;

/** Great-circle (haversine) distance in kilometres. */
export const haversineKm = (a: LatLng, b: LatLng): number => haversineKmOf(a.lat, a.lng, b.lat, b.lng);

/** `haversineKm` on bare coordinates, for hot loops that keep them in arrays. */
export function haversineKmOf(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RADIANS_PER_DEGREE;
  const dLng = (lng2 - lng1) * RADIANS_PER_DEGREE;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(lat1 * RADIANS_PER_DEGREE) * Math.cos(lat2 * RADIANS_PER_DEGREE) * Math.sin(dLng / 2) ** 2;
  // Rounding can push h a hair above 1 for nearly antipodal points, where asin is undefined.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Great-circle distance in metres on a sphere: within about 0.5 % of the distance on the WGS84
 * ellipsoid, about a metre at check-in distances (≈ 500 m), which is what a check-in radius can bear.
 */
export const distanceMeters = (a: LatLng, b: LatLng): number => haversineKm(a, b) * 1000;
