package io.cloudpedia.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudpedia.env.EnvVariable;
import io.cloudpedia.env.FunctionEnvironment;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * template.yaml as AWS will see it: translated by SAM's own translator (offline, {@link Sam}), every function's
 * {@code Handler} is a public method of a class in the jar its CodeUri names, and every function gets the environment
 * its code declares ({@code ENVIRONMENT} of its handler, {@link FunctionEnvironment}), both ways, with values its
 * settings parser accepts for every value the template's parameters allow. Reading the translated template (not the
 * source) means Globals and SAM's defaults are already applied, as in the deployed functions. cfn-lint runs in
 * functions' TemplateTest.
 */
class SamTemplateTest {
  /** Read by the JVM or the Lambda runtime, not by our code. */
  static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
  /** "Any value CloudFormation accepts" for a Number parameter without a MaxValue. */
  static final String LARGE_NUMBER = "2000000000";

  @TempDir static Path scratch;
  static Sam.Translation translation;

  @BeforeAll
  static void translate() {
    translation = Sam.translate(scratch, null);
  }

  @Test
  void samsOwnTranslatorAcceptsTheTemplateOffline() {
    assertThat(translation.run().exitCode()).as("SAM translation errors:%n%s", translation.run().output()).isZero();
    assertThat(translation.run().output()).startsWith("translated ").doesNotContain("error:");
    JsonNode resources = translation.template().path("Resources");
    List<String> types = new ArrayList<>();
    resources.forEach(r -> types.add(r.path("Type").asText()));
    assertThat(types).as("no SAM type left untranslated").noneMatch(t -> t.startsWith("AWS::Serverless::"));
    assertThat(translation.functions()).containsKeys("IngestFunction", "ApiFunction");
    assertThat(types).contains("AWS::Lambda::EventSourceMapping", "AWS::ApiGatewayV2::Api", "AWS::IAM::Role");
  }

  @Test
  void everyHandlerIsAPublicMethodOfAClassInTheJarItsCodeUriNames() throws Exception {
    assertThat(translation.functions()).isNotEmpty();
    for (Map.Entry<String, JsonNode> function : translation.functions().entrySet()) {
      String name = function.getKey();
      JsonNode properties = function.getValue();
      assertThat(properties.at("/Code/S3Bucket").asText()).as("%s's CodeUri is a local jar", name)
          .isEqualTo(Sam.PLACEHOLDER_BUCKET);
      Path jar = Tool.ROOT.resolve(properties.at("/Code/S3Key").asText());
      assertThat(jar).as("%s's CodeUri (build it: mvn -pl functions -am package)", name).isRegularFile();
      String handler = properties.path("Handler").asText();
      assertThat(handler).as("%s's Handler", name).matches("[\\w.$]+::\\w+");
      String className = handler.substring(0, handler.indexOf("::"));
      String methodName = handler.substring(handler.indexOf("::") + 2);

      // The jar alone, as Lambda loads it: nothing from this test's class path.
      try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
          ClassLoader.getPlatformClassLoader())) {
        Class<?> type;
        try {
          type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
          fail("%s's Handler %s: no class %s in %s", name, handler, className, jar);
          return;
        }
        assertThat(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()))
            .as("%s is a public concrete class", className).isTrue();
        // getMethods resolves the parameter types: an event class missing from the shaded jar fails here.
        List<Method> methods = java.util.Arrays.stream(type.getMethods())
            .filter(m -> m.getName().equals(methodName) && !m.isBridge()).toList();
        assertThat(methods).as("public methods %s of %s", methodName, className).isNotEmpty();
        Class<?> context = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
        Class<?> requestHandler = loader.loadClass("com.amazonaws.services.lambda.runtime.RequestHandler");
        Class<?> streamHandler = loader.loadClass("com.amazonaws.services.lambda.runtime.RequestStreamHandler");
        assertThat(requestHandler.isAssignableFrom(type) || streamHandler.isAssignableFrom(type))
            .as("%s implements RequestHandler or RequestStreamHandler", className).isTrue();
        for (Method m : methods) {
          Class<?>[] parameters = m.getParameterTypes();
          assertThat(parameters.length).as("%s parameters", m).isBetween(1, 3);
          assertThat(parameters[parameters.length - 1]).as("%s ends with the Lambda Context", m).isEqualTo(context);
          if (!Modifier.isStatic(m.getModifiers())) {
            assertThat(type.getConstructor().getParameterCount()).as("Lambda instantiates %s", className).isZero();
          }
        }
      }
    }
  }

  @Test
  void everyFunctionGetsEveryVariableItsCodeNeedsAndOnlyVariablesItDeclares() {
    SoftAssertions softly = new SoftAssertions();
    for (Map.Entry<String, JsonNode> function : translation.functions().entrySet()) {
      String name = function.getKey();
      FunctionEnvironment declared = environmentOf(name, function.getValue());
      Set<String> set = new TreeSet<>();
      function.getValue().at("/Environment/Variables").fieldNames().forEachRemaining(set::add);
      Map<EnvVariable.Setting, Set<String>> bySetting = declared.variables().stream().collect(Collectors.groupingBy(
          EnvVariable::setting, Collectors.mapping(EnvVariable::name, Collectors.toCollection(TreeSet::new))));

      Set<String> missing = new TreeSet<>(bySetting.getOrDefault(EnvVariable.Setting.DEPLOYMENT, Set.of()));
      missing.removeAll(set);
      softly.assertThat(missing).as("%s: variables its code needs from the deployment, not in template.yaml", name)
          .isEmpty();
      Set<String> undeclared = new TreeSet<>(set);
      declared.variables().forEach(v -> undeclared.remove(v.name()));
      undeclared.removeAll(RUNTIME_VARIABLES);
      softly.assertThat(undeclared).as("%s: variables template.yaml sets that its code does not declare", name)
          .isEmpty();
      Set<String> localOnly = new TreeSet<>(set);
      localOnly.retainAll(bySetting.getOrDefault(EnvVariable.Setting.LOCAL_ONLY, Set.of()));
      softly.assertThat(localOnly).as("%s: local-only variables template.yaml sets", name).isEmpty();
    }
    softly.assertAll();
  }

  @Test
  void eachFunctionsSettingsParserAcceptsEveryValueTheTemplatesParametersAllow() {
    JsonNode parameters = translation.template().path("Parameters");
    for (Map.Entry<String, JsonNode> function : translation.functions().entrySet()) {
      String name = function.getKey();
      FunctionEnvironment declared = environmentOf(name, function.getValue());
      JsonNode variables = function.getValue().at("/Environment/Variables");
      Map<String, String> defaults = resolve(variables, translation.parameters());

      Set<String> read = declared.parse(defaults);
      assertThat(read).as("%s: what its parser reads is what its handler declares", name)
          .containsExactlyInAnyOrderElementsOf(
              declared.parsedVariables().stream().map(EnvVariable::name).toList());

      // Each parameter feeding a variable, at each value the template allows: its bounds, its allowed values.
      variables.fields().forEachRemaining(variable -> {
        String parameter = variable.getValue().path("Ref").asText();
        if (!parameters.has(parameter)) {
          return;
        }
        for (String value : allowedValues(parameters.path(parameter))) {
          Map<String, String> env = resolve(variables, with(translation.parameters(), parameter, value));
          try {
            declared.parse(env);
          } catch (RuntimeException e) {
            fail("%s does not start with %s=%s, a value template.yaml allows for %s: %s", name, variable.getKey(),
                value, parameter, e.getMessage());
          }
        }
      });
    }
  }

  /** The handler's declared environment: the {@code ENVIRONMENT} field of the class its Handler names. */
  static FunctionEnvironment environmentOf(String function, JsonNode properties) {
    String handler = properties.path("Handler").asText();
    String className = handler.substring(0, handler.indexOf("::"));
    try {
      Field field = Class.forName(className).getField("ENVIRONMENT");
      assertThat(Modifier.isStatic(field.getModifiers())).isTrue();
      return (FunctionEnvironment) field.get(null);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return fail("%s: its handler %s declares no `public static final FunctionEnvironment ENVIRONMENT` (%s): declare"
          + " the variables it reads (io.cloudpedia.env.FunctionEnvironment, as IngestFunction does)",
          function, className, e);
    }
  }

  /** The variables' values in AWS: parameters resolved; a resource's Ref or an attribute is its logical id. */
  static Map<String, String> resolve(JsonNode variables, Map<String, String> parameters) {
    Map<String, String> env = new HashMap<>();
    variables.fields().forEachRemaining(e -> {
      JsonNode value = e.getValue();
      if (value.isValueNode()) {
        env.put(e.getKey(), value.asText());
      } else if (value.has("Ref") && parameters.containsKey(value.path("Ref").asText())) {
        env.put(e.getKey(), parameters.get(value.path("Ref").asText()));
      } else if (value.has("Ref")) {
        env.put(e.getKey(), value.path("Ref").asText());
      } else {
        env.put(e.getKey(), "resolved-at-deploy-time");
      }
    });
    return env;
  }

  static Set<String> allowedValues(JsonNode parameter) {
    Set<String> values = new LinkedHashSet<>();
    if (parameter.has("Default")) {
      values.add(parameter.path("Default").asText());
    }
    parameter.path("AllowedValues").forEach(v -> values.add(v.asText()));
    if ("Number".equals(parameter.path("Type").asText()) && !parameter.has("AllowedValues")) {
      if (parameter.has("MinValue")) {
        values.add(parameter.path("MinValue").asText());
      }
      values.add(parameter.has("MaxValue") ? parameter.path("MaxValue").asText() : LARGE_NUMBER);
    }
    return values;
  }

  private static Map<String, String> with(Map<String, String> map, String key, String value) {
    Map<String, String> copy = new HashMap<>(map);
    copy.put(key, value);
    return copy;
  }
}
