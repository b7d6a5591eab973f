package dev.gantry.store;

/** What usage is grouped or filtered by. */
public enum Dimension {
  KEY("key_id"), TEAM("team"), ALIAS("alias"), DEPLOYMENT("deployment"), DAY("usage_day");

  private final String column;

  Dimension(String column) {
    this.column = column;
  }

  /** The usage column (internal: SQL is built from these constants only). */
  public String column() {
    return column;
  }
}
