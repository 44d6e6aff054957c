package io.cdclake.codec.debezium.internal;

import io.cdclake.codec.debezium.BinaryHandlingMode;
import io.cdclake.codec.debezium.DecimalHandlingMode;
import io.cdclake.codec.debezium.PayloadForm;
import io.cdclake.codec.debezium.SchemaLookup;
import io.cdclake.codec.debezium.TimePrecisionMode;
import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;
import java.util.function.Function;

/** Everything a decoder was built with. Immutable. */
public record Options(
    PayloadForm form,
    Function<TableId, TableSchema> tableSchemas,
    Function<String, TableId> tableForTopic,
    DecimalHandlingMode decimalMode,
    TimePrecisionMode timeMode,
    BinaryHandlingMode binaryMode,
    String placeholder,
    String fieldPrefix,
    SchemaLookup schemaLookup,
    int maxNestingDepth,
    int maxNumberLength,
    int maxStringLength,
    int maxNameLength,
    int maxDocumentBytes,
    int maxCachedSchemas,
    boolean schemaFastPath,
    boolean fastPaths) implements io.cdclake.codec.json.internal.FastJson.Limits {

}
