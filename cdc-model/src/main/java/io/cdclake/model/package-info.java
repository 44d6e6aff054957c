/**
 * The canonical change event and the types around it. JDK only: nothing here knows Jackson, Avro,
 * Iceberg or any engine. Codecs produce {@link io.cdclake.model.ChangeEvent}s through
 * {@link io.cdclake.model.ChangeDecoder}; reconciliation and the writer consume them.
 */
package io.cdclake.model;
