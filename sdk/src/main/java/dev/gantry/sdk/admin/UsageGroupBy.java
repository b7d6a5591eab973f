package dev.gantry.sdk.admin;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What usage is summed per ({@code group_by}). */
public enum UsageGroupBy {
  /** Per key name. */
  KEY,
  /** Per team ({@code ""} for keys without one). */
  TEAM,
  /** Per alias. */
  ALIAS,
  /** Per deployment ({@code provider/model}). */
  DEPLOYMENT,
  /** Per UTC day ({@code 2026-11-21}). */
  DAY;

  /** The name on the wire: {@code key}, {@code team}, {@code alias}, {@code deployment}, {@code day}. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
