export interface Parcel {
  tracking: string;
  weightGrams: number;
}

const TRACKING = /^[A-Z]{2}[0-9]{9}[A-Z]{2}$/;

export function validateParcel(input: unknown): { ok: true; parcel: Parcel } | { ok: false; error: string } {
  const v = input as Partial<Parcel> | null;
  if (typeof v !== "object" || v === null) return { ok: false, error: "expected an object" };
  if (typeof v.tracking !== "string" || !TRACKING.test(v.tracking)) {
    return { ok: false, error: "tracking must look like RR123456785GB" };
  }
  if (typeof v.weightGrams !== "number" || v.weightGrams <= 0) {
    return { ok: false, error: "weightGrams must be a positive number" };
  }
  return { ok: true, parcel: { tracking: v.tracking, weightGrams: v.weightGrams } };
}
