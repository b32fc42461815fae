// SVG fills: a colour with a pattern drawn over it, referenced as url(#id).
export function PatternDefs({
  series,
}: {
  series: { id: string; colour: string; pattern: "solid" | "hatch" | "dots" | "cross" }[];
}) {
  return (
    <defs>
      {series.map((s) => (
        <pattern key={s.id} id={s.id} width="8" height="8" patternUnits="userSpaceOnUse">
          <rect width="8" height="8" fill={s.colour} />
          {s.pattern === "hatch" ? (
            <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#ffffff" strokeWidth="1.5" />
          ) : null}
          {s.pattern === "cross" ? <path d="M0,0 l8,8 M8,0 l-8,8" stroke="#ffffff" strokeWidth="1.2" /> : null}
          {s.pattern === "dots" ? <circle cx="4" cy="4" r="1.4" fill="#ffffff" /> : null}
        </pattern>
      ))}
    </defs>
  );
}
