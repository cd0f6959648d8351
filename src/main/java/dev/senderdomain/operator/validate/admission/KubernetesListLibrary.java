package dev.senderdomain.operator.validate.admission;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;

/**
 * The Kubernetes CEL list library's member functions that CRD rules use ({@code isSorted()}, {@code
 * indexOf(x)}, {@code lastIndexOf(x)}; k8s.io/apiserver/pkg/cel/library/lists.go), which Google's
 * CEL for Java does not ship. Without them a rule such as {@code self.isSorted()} would not compile
 * here while a real API server (1.26+) accepts it. Comparison follows CEL: ints, doubles, strings
 * and bools are ordered among their own kind; a list mixing kinds is an evaluation error.
 */
final class KubernetesListLibrary {
  private static final TypeParamType T = TypeParamType.create("T");
  private static final ListType LIST_OF_T = ListType.create(T);

  private KubernetesListLibrary() {}

  static List<CelFunctionDecl> declarations() {
    return List.of(
        CelFunctionDecl.newFunctionDeclaration(
            "isSorted",
            CelOverloadDecl.newMemberOverload("list_is_sorted", SimpleType.BOOL, LIST_OF_T)),
        CelFunctionDecl.newFunctionDeclaration(
            "indexOf",
            CelOverloadDecl.newMemberOverload("list_index_of", SimpleType.INT, LIST_OF_T, T)),
        CelFunctionDecl.newFunctionDeclaration(
            "lastIndexOf",
            CelOverloadDecl.newMemberOverload("list_last_index_of", SimpleType.INT, LIST_OF_T, T)));
  }

  static List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from("list_is_sorted", List.class, KubernetesListLibrary::isSorted),
        CelFunctionBinding.from(
            "list_index_of", List.class, Object.class, (list, x) -> (long) list.indexOf(x)),
        CelFunctionBinding.from(
            "list_last_index_of",
            List.class,
            Object.class,
            (list, x) -> (long) list.lastIndexOf(x)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static boolean isSorted(List<?> list) {
    for (int i = 1; i < list.size(); i++) {
      Object a = list.get(i - 1);
      Object b = list.get(i);
      if (!(a instanceof Comparable) || a.getClass() != b.getClass()) {
        throw new IllegalArgumentException(
            "isSorted: list elements must be of one comparable kind");
      }
      if (((Comparable) a).compareTo(b) > 0) {
        return false;
      }
    }
    return true;
  }
}
