export {
  REGIONAL_GROUPS,
  UN_STATES,
  regionalGroupOf,
  unStateByIso3,
  type RegionalGroup,
  type UnState,
} from "./un-member-states";
export {
  iso3ForName,
  isNoStateName,
  nameKey,
  normaliseRegionalGroup,
  resolveState,
  stateDisplayName,
  type ResolvedState,
} from "./resolve-state";
