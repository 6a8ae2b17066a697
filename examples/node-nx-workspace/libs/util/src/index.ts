export interface Vehicle {
  id: string;
  kilometres: number;
}

/** Vehicles due for service: every 15 000 km. */
export function dueForService(vehicles: Vehicle[]): Vehicle[] {
  return vehicles.filter((v) => v.kilometres % 15000 > 14000);
}
