package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.wasiotel.wit.abi.CallPlan;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates a {@link CallPlan} into the statements of a generated call, one translation per
 * step, the same for the host side of an import ({@code <Interface>Host}) and the caller of an
 * export ({@code <Interface>Guest}). The generated code names the core values the host receives
 * {@code a} and those it produces {@code out}; an area's pointer is {@code p} (parameters) or
 * {@code ret} (the result); the lifted result is {@code result}. The value code is {@link
 * CanonEmitter}'s.
 */
final class CallEmitter {
    private static final ClassName BOUNDS = ClassName.get(TypeMapper.RUNTIME_PACKAGE, "Bounds");

    private final CanonEmitter canon;

    CallEmitter(CanonEmitter canon) {
        this.canon = canon;
    }

    /** What the call step of an import becomes: the host's method, given the lifted arguments. */
    interface HostCall {
        /** The expression calling the host with {@code args}. */
        CodeBlock call(List<CodeBlock> args);
    }

    /**
     * The body of a host function serving import {@code f}: lift the arguments from {@code a},
     * call the host, lower the result, return the core results ({@code NONE} for none).
     *
     * @param locals the names the arguments' locals may not take
     * @param javaName the host method's name, for the null check's message
     */
    void importBody(MethodSpec.Builder m, Function f, CallPlan plan, NameScope locals, String javaName,
            HostCall host) {
        Body body = new Body(m, f, plan, f.name());
        List<CodeBlock> args = new ArrayList<>();
        for (Function.Param p : f.params()) {
            String local = locals.claim(JavaNames.lowerCamel(p.name()));
            args.add(CodeBlock.of("$N", local));
        }
        body.values = args;
        body.onCall = () -> {
            CodeBlock call = host.call(args);
            if (f.result().isEmpty()) {
                m.addStatement("$L", call);
                return;
            }
            TypeName resultType = canon.javaType(f.result().get());
            m.addStatement("$T result = $L", resultType, call);
            if (!resultType.isPrimitive()) {
                m.addStatement("$T.requireNonNull(result, $S)", java.util.Objects.class,
                        "the host's " + javaName + " returned null for WIT function " + f.name());
            }
        };
        body.run();
        m.addStatement(body.outDeclared ? "return out" : "return NONE");
    }

    /**
     * The body of a caller of export {@code exportName}: lower {@code args} into {@code out},
     * call the guest, lift the result from {@code a}, post-return, return the result.
     */
    void exportBody(MethodSpec.Builder m, Function f, CallPlan plan, List<CodeBlock> args, String exportName) {
        Body body = new Body(m, f, plan, exportName);
        body.values = args;
        body.onCall = () -> {
            body.declareOut();
            m.addStatement("long[] a = instance.call($S, out)", exportName);
        };
        body.onPostReturn = () -> m.addStatement("instance.callPostReturn($S, a)", exportName);
        body.run();
        if (f.result().isPresent()) {
            m.addStatement("return result");
        }
    }

    /** The translation of one plan into one method body. */
    private final class Body {
        private final MethodSpec.Builder m;
        private final Function f;
        private final CallPlan plan;
        /** The function's name in messages. */
        private final String name;
        /** The parameters' expressions: locals the lifts declare, or the caller's arguments to lower. */
        private List<CodeBlock> values;
        private Runnable onCall;
        private Runnable onPostReturn;
        private boolean outDeclared;

        Body(MethodSpec.Builder m, Function f, CallPlan plan, String name) {
            this.m = m;
            this.f = f;
            this.plan = plan;
            this.name = name;
        }

        void run() {
            for (CallPlan.Step step : plan.steps()) {
                if (step instanceof CallPlan.AllocateArea s) {
                    CallPlan.Area area = s.area();
                    String p = pointer(area);
                    m.addStatement("int $N = cx.realloc().realloc(0, 0, $L, $L)", p, area.align(), area.size());
                    if (!outDeclared && plan.producedCount() == 1) {
                        m.addStatement("long[] out = {$N & 0xffffffffL}", p);
                        outDeclared = true;
                    } else {
                        declareOut();
                        m.addStatement("out[$L] = $N & 0xffffffffL", area.pointerSlot(), p);
                    }
                } else if (step instanceof CallPlan.CheckArea s) {
                    CallPlan.Area area = s.area();
                    String p = pointer(area);
                    m.addStatement("int $N = (int) a[$L]", p, area.pointerSlot());
                    m.addStatement("$T.checkValue(cx.memory(), $N, $L, $L, $S)", BOUNDS, p, area.size(), area.align(),
                            area.what() + " of " + name);
                } else if (step instanceof CallPlan.Lift s) {
                    lift(s.value());
                } else if (step instanceof CallPlan.Lower s) {
                    lower(s.value());
                } else if (step instanceof CallPlan.Call) {
                    onCall.run();
                } else if (step instanceof CallPlan.PostReturn) {
                    onPostReturn.run();
                }
            }
        }

        /** {@code long[] out}, the core values the host produces, declared before the first is written. */
        void declareOut() {
            if (!outDeclared) {
                m.addStatement("long[] out = new long[$L]", plan.producedCount());
                outDeclared = true;
            }
        }

        /** A value lifted into its local: the parameter's, or {@code result}. */
        private void lift(CallPlan.Value v) {
            Type type = type(v);
            CodeBlock local = v.role() == CallPlan.Role.PARAMS ? values.get(v.index()) : CodeBlock.of("result");
            CodeBlock value = v.place() instanceof CallPlan.Flat flat ? canon.liftFlat(type, CodeBlock.of("$L", flat.first()))
                    : canon.load(type, address((CallPlan.InArea) v.place()));
            m.addStatement("$T $L = $L", canon.javaType(type), local, value);
        }

        /** A value lowered into {@code out} or its area. */
        private void lower(CallPlan.Value v) {
            Type type = type(v);
            CodeBlock value = v.role() == CallPlan.Role.PARAMS ? values.get(v.index()) : CodeBlock.of("result");
            if (v.place() instanceof CallPlan.Flat flat) {
                declareOut();
                m.addCode(canon.lowerFlat(type, CodeBlock.of("$L", flat.first()), value));
            } else {
                m.addCode(canon.store(type, address((CallPlan.InArea) v.place()), value));
            }
        }

        private Type type(CallPlan.Value v) {
            return v.role() == CallPlan.Role.PARAMS ? f.params().get(v.index()).type() : f.result().orElseThrow();
        }

        private CodeBlock address(CallPlan.InArea at) {
            return CanonEmitter.at(pointer(at.area()), at.offset());
        }

        private String pointer(CallPlan.Area area) {
            return area.role() == CallPlan.Role.PARAMS ? "p" : "ret";
        }
    }
}
