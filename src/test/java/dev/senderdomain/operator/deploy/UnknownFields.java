package dev.senderdomain.operator.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fields of rendered manifests that the Kubernetes model does not know. Fabric8 keeps them in each
 * object's additionalProperties instead of failing, and the API server would drop or refuse them,
 * so a misspelt field in a template (readOnlyRootFileSystem, say) would pass every other check.
 */
final class UnknownFields {
  private UnknownFields() {}

  static List<String> in(Object object) {
    List<String> found = new ArrayList<>();
    walk(object, object.getClass().getSimpleName(), found);
    return found;
  }

  private static void walk(Object node, String path, List<String> found) {
    if (node == null || node instanceof GenericKubernetesResource) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", found));
      return;
    }
    if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(getter.toString(), e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(k -> found.add(path + "." + k));
      } else {
        walk(value, path + "." + getter.getName().substring(3), found);
      }
    }
  }
}
