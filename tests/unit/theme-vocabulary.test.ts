import { describe, expect, it } from "vitest";
import {
  THEME_TOPICS,
  themeFilterValue,
  themeLabelKey,
  topicOfFilter,
  topicOfLabel,
} from "../../app/lib/themes/theme-vocabulary";

describe("the theme vocabulary", () => {
  it("gives every label one topic at most, and every topic a key of its own and labels of both sources", () => {
    const seen = new Map<string, string>();
    for (const topic of THEME_TOPICS) {
      expect(topic.uprInfo.length, topic.key).toBeGreaterThan(0);
      expect(topic.ohchr.length, topic.key).toBeGreaterThan(0);
      for (const label of new Set([...topic.uprInfo, ...topic.ohchr])) {
        const key = themeLabelKey(label);
        expect(seen.get(key) ?? topic.key, `${label} is in ${seen.get(key)} and ${topic.key}`).toBe(topic.key);
        seen.set(key, topic.key);
      }
    }
    expect(new Set(THEME_TOPICS.map((t) => t.key)).size).toBe(THEME_TOPICS.length);
  });

  it("compares labels without case, spaces or punctuation", () => {
    expect(topicOfLabel("Budget &resources")).toBeNull();
    expect(topicOfLabel("prohibition of slavery,  trafficking")?.key).toBe("trafficking");
    expect(topicOfLabel("Human trafficking & contemporary forms of slavery")?.key).toBe("trafficking");
    expect(topicOfLabel("Trafficking")?.key).toBe("trafficking");
    expect(topicOfLabel("Rights of the child")).toBe(topicOfLabel("Rights of the Child"));
    expect(topicOfLabel("General")).toBeNull();
  });

  it("names a topic in a filter by its key, and a label without a topic by itself", () => {
    expect(topicOfFilter("topic:trafficking")?.name).toBe("Trafficking and slavery");
    expect(topicOfFilter("Trafficking")).toBeNull();
    expect(topicOfFilter("topic:nothing")).toBeNull();
    expect(themeFilterValue("Trafficking")).toBe("topic:trafficking");
    expect(themeFilterValue("Cultural rights")).toBe("Cultural rights");
  });
});
