// An enum is TypeScript that needs a compiler: Node's own type stripping refuses it, tsx
// transforms it.
export enum Level {
  Ok = 'ok',
  Degraded = 'degraded',
}

export interface Component {
  name: string;
  level: Level;
}

export const components: Component[] = [
  { name: 'api', level: Level.Ok },
  { name: 'queue', level: Level.Ok },
];
