package io.cloudpedia.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cloudpedia.store.IndexedLabels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/** What {@link DynamoTables#createIfMissing} creates is what template.yaml deploys: keys and indexes alike. */
class DynamoTablesTest {
  private static final Path TEMPLATE = Path.of("..", "template.yaml");

  @Test
  void resourcesTableHasTheTemplatesAttributesAndIndexes() throws IOException {
    JsonNode table = new YAMLMapper().readTree(TEMPLATE.toFile()).at("/Resources/ResourcesTable/Properties");
    CreateTableRequest created = DynamoTables.resourcesTable("resources");

    Map<String, String> templateAttributes = new TreeMap<>();
    table.path("AttributeDefinitions")
        .forEach(a -> templateAttributes.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
    Map<String, String> createdAttributes =
        created.attributeDefinitions().stream()
            .collect(
                Collectors.toMap(
                    AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString, (a, b) -> a, TreeMap::new));
    assertThat(createdAttributes).isEqualTo(templateAttributes);

    Map<String, String> templateIndexes = new TreeMap<>();
    for (JsonNode index : table.path("GlobalSecondaryIndexes")) {
      StringBuilder keys = new StringBuilder();
      for (JsonNode key : index.path("KeySchema")) {
        keys.append(key.path("AttributeName").asText()).append(':').append(key.path("KeyType").asText()).append(',');
      }
      templateIndexes.put(index.path("IndexName").asText(), keys + index.at("/Projection/ProjectionType").asText());
    }
    Map<String, String> createdIndexes = new TreeMap<>();
    for (GlobalSecondaryIndex index : created.globalSecondaryIndexes()) {
      StringBuilder keys = new StringBuilder();
      for (KeySchemaElement key : index.keySchema()) {
        keys.append(key.attributeName()).append(':').append(key.keyTypeAsString()).append(',');
      }
      createdIndexes.put(index.indexName(), keys + index.projection().projectionTypeAsString());
    }
    assertThat(createdIndexes).isEqualTo(templateIndexes);
    assertThat(createdIndexes)
        .containsEntry(DynamoTables.BY_OWNER_INDEX, "owner:HASH,sk:RANGE,KEYS_ONLY")
        .containsEntry(DynamoTables.BY_NAME_INDEX, "nk:HASH,sk:RANGE,KEYS_ONLY")
        .containsEntry(DynamoTables.byLabelIndex(0), "lbl0:HASH,sk:RANGE,KEYS_ONLY")
        .hasSize(2 + DynamoTables.LABEL_INDEXES);
    assertThat(DynamoTables.LABEL_INDEXES).isEqualTo(IndexedLabels.MAX_KEYS);
  }
}
