package dev.senderdomain.operator.testsupport;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A request to the API as kube-apiserver's RequestInfo resolver sees it for authorization: GET of
 * one object = get, GET of a collection = list, {@code ?watch} = watch, POST = create, PUT =
 * update, PATCH = patch, DELETE = delete (of a collection: deletecollection); the API group (empty
 * for the core group), resource, subresource, namespace and name. Paths that name no resource
 * (discovery, /version, /openapi) are non-resource requests.
 *
 * @param user the authenticated user, or null
 * @param code the response code, once answered (0 before)
 */
public record ApiRequest(
    String user,
    String method,
    String path,
    boolean resourceRequest,
    String verb,
    String group,
    String version,
    String resource,
    String subresource,
    String namespace,
    String name,
    int code) {

  /** Parses method and path (with query) as the API server does. */
  public static ApiRequest of(String user, String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    String path = uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    List<String> parts =
        Arrays.stream(path.split("/"))
            .filter(s -> !s.isEmpty())
            .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
            .toList();
    int i;
    String group;
    String version;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      i = 2;
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      version = parts.get(2);
      i = 3;
    } else {
      return new ApiRequest(
          user, method, path, false, method.toLowerCase(), "", "", "", "", "", "", 0);
    }
    List<String> rest = parts.subList(i, parts.size());
    if (rest.isEmpty()) {
      // /api/v1, /apis/group/version: discovery
      return new ApiRequest(
          user, method, path, false, method.toLowerCase(), group, version, "", "", "", "", 0);
    }
    String namespace = "";
    // namespaces/{ns}/{resource}...; but /api/v1/namespaces/{name} is the Namespace itself
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    } else if (rest.size() == 2 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
    }
    String resource = rest.get(0);
    String name = rest.size() >= 2 ? rest.get(1) : "";
    String subresource = rest.size() >= 3 ? rest.get(2) : "";
    boolean watch = hasParam(query, "watch", "true") || hasParam(query, "watch", "1");
    String verb =
        switch (method) {
          case "GET", "HEAD" -> watch ? "watch" : name.isEmpty() ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
          default -> method.toLowerCase();
        };
    if (name.isEmpty() && (verb.equals("list") || verb.equals("watch"))) {
      // A list or watch selecting one name by fieldSelector is authorized against that name.
      for (String p : query.split("&")) {
        String decoded = URLDecoder.decode(p, StandardCharsets.UTF_8);
        if (decoded.startsWith("fieldSelector=metadata.name=")) {
          name = decoded.substring("fieldSelector=metadata.name=".length());
        }
      }
    }
    return new ApiRequest(
        user, method, path, true, verb, group, version, resource, subresource, namespace, name, 0);
  }

  private static boolean hasParam(String query, String name, String value) {
    return Arrays.asList(query.split("&")).contains(name + "=" + value);
  }

  /** resource or resource/subresource, as RBAC rules name it. */
  public String resourcePath() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  public boolean write() {
    return List.of("create", "update", "patch", "delete", "deletecollection").contains(verb);
  }

  public ApiRequest answered(int status) {
    return new ApiRequest(
        user,
        method,
        path,
        resourceRequest,
        verb,
        group,
        version,
        resource,
        subresource,
        namespace,
        name,
        status);
  }

  @Override
  public String toString() {
    if (!resourceRequest) {
      return method + " " + path + " -> " + code;
    }
    return verb
        + " "
        + (group.isEmpty() ? "" : group + "/")
        + resourcePath()
        + (namespace.isEmpty() ? "" : " -n " + namespace)
        + (name.isEmpty() ? "" : " " + name)
        + " -> "
        + code;
  }
}
