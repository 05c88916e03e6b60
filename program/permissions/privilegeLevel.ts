/** Words for the catalog's privilege levels (1 lowest … 5 highest). */
export function privilegeLabel(level: number | null | undefined): string {
  switch (level) {
    case 1:
      return "1 low";
    case 2:
      return "2 medium";
    case 3:
      return "3 high";
    case 4:
      return "4 critical";
    case 5:
      return "5 critical";
    default:
      return "unrated";
  }
}
