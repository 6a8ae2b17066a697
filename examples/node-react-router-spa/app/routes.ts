import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("habits/:id", "routes/habit.tsx"),
] satisfies RouteConfig;
