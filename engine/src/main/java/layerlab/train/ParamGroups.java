package layerlab.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import layerlab.nn.Parameter;
import layerlab.optim.Optimizer;

/**
 * The training settings' {@code param_groups}: PyTorch's parameter groups, each a list of parameter names ({@code *} for
 * any characters: {@code "*.bias"}, {@code "fc1.*"}) and the optimiser options it trains with instead of the optimiser's,
 * e.g. {@code [{"params": ["*.bias"], "weight_decay": 0}]} for no weight decay on biases. The parameters no group names
 * form the first group, with the optimiser's own options, as {@code [{"params": rest}, {"params": biases, ...}]} in torch.
 *
 * @param groups each group's names under {@code "params"} and its options as given (checked against the optimiser's)
 */
public record ParamGroups(List<Map<String, Object>> groups) {
    public static final String KEY = "param_groups";

    public ParamGroups {
        groups = List.copyOf(groups);
    }

    /** The groups of the settings' {@code param_groups}, checked against {@code optimizer}; none when the key is absent. */
    static ParamGroups parse(ConfigReader r, TrainingConfig.Component optimizer) {
        if (!r.has(KEY)) return new ParamGroups(List.of());
        String path = r.path(KEY);
        if (!(r.raw(KEY) instanceof List<?> list)) {
            throw new ConfigException(path + " must be a list of groups like [{\"params\": [\"*.bias\"], \"weight_decay\": 0}]");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new ConfigException(at + " must be an object like {\"params\": [\"*.bias\"], \"weight_decay\": 0}, got " + ConfigReader.show(list.get(i)));
            }
            Map<String, Object> given = new LinkedHashMap<>();
            m.forEach((k, v) -> given.put(String.valueOf(k), v));
            if (!(given.get("params") instanceof List<?> names) || names.isEmpty() || !names.stream().allMatch(n -> n instanceof String s && !s.isBlank())) {
                throw new ConfigException(at + ".params must be a list of parameter names like [\"fc1.bias\", \"*.bias\"] (* for any characters), got "
                        + ConfigReader.show(given.get("params")));
            }
            Map<String, Object> options = new LinkedHashMap<>(given);
            options.remove("params");
            if (options.containsKey("name")) {
                throw new ConfigException(at + ": a group trains with the optimiser (" + optimizer.name() + "); it sets only its options, not a \"name\"");
            }
            // The group's options over the optimiser's, checked as the optimiser's are (unknown keys, ranges, nesterov).
            Map<String, Object> merged = new LinkedHashMap<>(optimizer.params());
            merged.putAll(options);
            merged.put("name", optimizer.name());
            TrainingConfig.Component checked = OptimizerFactory.parseOptimizer(merged, at);
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("params", List.copyOf(names));
            for (String k : options.keySet()) group.put(k, checked.params().get(k));
            out.add(group);
        }
        return new ParamGroups(out);
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /**
     * Refuses, naming them, a name that matches none of {@code names} (a model's parameters), a parameter two groups take,
     * or groups that leave the optimiser's own options no parameter: what a run would refuse when it starts, said by
     * {@code layerlab check} before it.
     */
    public void check(Collection<String> names) {
        Refusal r = refusal(names);
        if (r != null) throw new ConfigException(r.message());
    }

    /**
     * What {@link #check} refuses and the group it is about, where the settings show it: the group with the name that
     * matches nothing, the later of two groups that take one parameter, or -1 when the groups together take every parameter.
     */
    public record Refusal(int group, String message) {}

    /** What {@link #check} would refuse of these groups over {@code names} (a model's parameters), or null when it refuses nothing. */
    public Refusal refusal(Collection<String> names) {
        if (groups.isEmpty()) return null;
        boolean rest = false;
        for (String name : names) {
            int taker = -1;
            for (int i = 0; i < groups.size(); i++) {
                if (!matches(i, name)) continue;
                if (taker >= 0) {
                    return new Refusal(i, "training." + KEY + ": the parameter " + name + " is in " + where(taker) + " and in " + where(i)
                            + "; a parameter may be in one group only");
                }
                taker = i;
            }
            rest |= taker < 0;
        }
        for (int i = 0; i < groups.size(); i++) {
            for (Object n : (List<?>) groups.get(i).get("params")) {
                if (names.stream().noneMatch(name -> pattern((String) n).matcher(name).matches())) {
                    List<String> all = new ArrayList<>(names);
                    String shown = String.join(", ", all.subList(0, Math.min(12, all.size()))) + (all.size() > 12 ? ", …" : "");
                    return new Refusal(i, "training." + KEY + "[" + i + "].params: \"" + n + "\" names no parameter of the model; its parameters are "
                            + shown);
                }
            }
        }
        if (!rest) {
            return new Refusal(-1, "training." + KEY + " take every parameter, so none would train with the optimiser's own options: leave the "
                    + "parameters of one group out of param_groups (those no group names train with the optimiser's options)");
        }
        return null;
    }

    /** How many of {@code names} (a model's parameters) each name of group {@code group} matches, in the group's order. */
    public List<Integer> matchCounts(int group, Collection<String> names) {
        List<Integer> counts = new ArrayList<>();
        for (Object n : (List<?>) groups.get(group).get("params")) {
            Pattern p = pattern((String) n);
            counts.add((int) names.stream().filter(name -> p.matcher(name).matches()).count());
        }
        return counts;
    }

    /** How many of {@code names} (a model's parameters) group {@code group} takes: those any of its names matches. */
    public int taken(int group, Collection<String> names) {
        return (int) names.stream().filter(name -> matches(group, name)).count();
    }

    /** The group that takes the parameter {@code name}, or -1 for none; refused when two do. */
    private int taker(String name) {
        int taker = -1;
        for (int i = 0; i < groups.size(); i++) {
            if (!matches(i, name)) continue;
            if (taker >= 0) {
                throw new ConfigException("training." + KEY + ": the parameter " + name + " is in " + where(taker) + " and in " + where(i)
                        + "; a parameter may be in one group only");
            }
            taker = i;
        }
        return taker;
    }

    /**
     * {@code optimizer}'s optimiser over {@code named} (a model's parameters by name) in these groups: those no group names
     * first, with the optimiser's options, then each group's; refused as {@link #check} refuses.
     */
    Optimizer optimizer(TrainingConfig.Component optimizer, Map<String, Parameter> named) {
        if (groups.isEmpty()) return OptimizerFactory.optimizer(optimizer, List.copyOf(named.values()));
        check(named.keySet());
        List<List<Parameter>> members = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) members.add(new ArrayList<>());
        List<Parameter> rest = new ArrayList<>();
        for (Map.Entry<String, Parameter> p : named.entrySet()) {
            int taker = taker(p.getKey());
            if (taker < 0) rest.add(p.getValue());
            else members.get(taker).add(p.getValue());
        }
        Optimizer opt = OptimizerFactory.optimizer(optimizer, rest);
        for (int i = 0; i < groups.size(); i++) {
            Map<String, Object> options = new LinkedHashMap<>(groups.get(i));
            options.remove("params");
            opt.addParamGroup(members.get(i), options);
        }
        return opt;
    }

    private String where(int i) {
        return "training." + KEY + "[" + i + "] (" + ConfigReader.show(groups.get(i).get("params")) + ")";
    }

    private boolean matches(int group, String name) {
        for (Object n : (List<?>) groups.get(group).get("params")) if (pattern((String) n).matcher(name).matches()) return true;
        return false;
    }

    /** A name with {@code *} for any characters (dots included), as a pattern of the whole name. */
    static Pattern pattern(String name) {
        StringBuilder re = new StringBuilder();
        String[] parts = name.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append(".*");
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }
}
