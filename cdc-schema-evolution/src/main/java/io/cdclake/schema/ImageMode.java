package io.cdclake.schema;

import java.util.Locale;

/**
 * What a column that a row image does not mention ({@link io.cdclake.model.ColumnState#OMITTED})
 * means for an after image.
 */
public enum ImageMode {
  /**
   * The image is the whole row: an omitted column is NULL. DMS with IncludeNullAndEmpty=false (its
   * default) leaves out NULL and empty values, so this is the right reading there.
   */
  FULL,
  /**
   * The image may hold only some columns: an omitted column keeps the row's current value
   * ({@link io.cdclake.model.ColumnState#UNCHANGED}), so nothing the source did not send is nulled out.
   */
  PARTIAL;

  /** Parses {@code full} or {@code partial}. */
  public static ImageMode parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "full" -> FULL;
      case "partial" -> PARTIAL;
      default -> throw new IllegalArgumentException("Cannot parse image mode: unknown mode (mode=" + text + ", expected full or partial)");
    };
  }
}
