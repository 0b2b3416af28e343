// SPDX-License-Identifier: MIT
// wavegraph architecture for Faust: turns a Faust program into a wavegraph processor type
// (include/wavegraph/processor.h). Used by scripts/wavegraph-faust, which runs
//   faust -i -a wavegraph-architecture.cpp -cn <class> IN.dsp
// and puts three definitions in front of the result:
//   WAVEGRAPH_FAUST_TYPE_NAME    "compressor"  (the graph JSON "type")
//   WAVEGRAPH_FAUST_SOURCE_NAME  "compressor.dsp"
//   WAVEGRAPH_FAUST_DESCRIPTOR   wavegraph_faust_compressor  (the descriptor function's name)
//
// The generated file needs only wavegraph/processor.h (Faust's headers are inlined by `faust -i`).
// It defines `extern "C" const wg_processor_descriptor* WAVEGRAPH_FAUST_DESCRIPTOR(void)` and,
// unless WAVEGRAPH_FAUST_NO_ENTRY is defined, the plugin entry function listing that one type
// (define it to link several processors into one library or WebAssembly core with your own
// entry function).
//
// Mapping:
// - Faust's inputs are one input port with getNumInputs() channels (none when 0); its outputs
//   one output port with getNumOutputs() channels.
// - Every slider, numeric entry, button and checkbox is a stepped parameter (a new value applies
//   from the next process() call; a program smooths with si.smoo when it wants ramps): min, max
//   and default from the widget (buttons and checkboxes 0…1, default 0), unit from [unit:…]
//   metadata, name the camelCase label followed by the unit ("Threshold [unit:dB]" →
//   "thresholdDb", "Attack [unit:ms]" → "attackMs"). Labels that occur twice are prefixed with
//   their groups ("left.gainDb"), then numbered. Bargraphs (Faust outputs) and the slider step
//   are not part of the parameter table.
// - The parameter table and channel counts are read once from a temporary instance (control
//   thread, first call of the descriptor function), before any instance is created.
// - An instance holds the Faust object by value (no -mem): copy_state copies it, and
//   parameters are found through byte offsets of their zones, so a copy is a valid instance.
// - prepare() takes integer sample rates only (Faust's init(int)); it keeps parameter values.
//   Faust's class tables (classInit) are shared by every instance of the type and filled for
//   the sample rate of the latest prepare() that changed it.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "wavegraph/processor.h"

#define FAUSTFLOAT float

// clang-format off
#include "faust/dsp/dsp.h"
#include "faust/gui/UI.h"
#include "faust/gui/meta.h"

<<includeIntrinsic>>

<<includeclass>>
    // clang-format on

    namespace {
    using FaustDsp = FAUSTCLASS;

    static_assert(sizeof(FAUSTFLOAT) == sizeof(float), "wavegraph processes float samples: FAUSTFLOAT must be float");

    /// One parameter as Faust's UI describes it.
    struct FaustControl {
        std::vector<std::string> groups;  ///< enclosing box labels, outermost first
        std::string label;
        std::string unit;
        double minValue = 0.0;
        double maxValue = 1.0;
        double defaultValue = 0.0;
        size_t zoneOffset = 0;  ///< byte offset of the zone in the Faust object
    };

    /// The decimal with the fewest digits that reads back as `value` in float (0.1f → 0.1). [control]
    double shortestDecimal(float value) {
        char text[32];
        for (int digits = 1; digits <= 9; ++digits) {
            std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
            if (std::strtof(text, nullptr) == value) return std::strtod(text, nullptr);
        }
        return static_cast<double>(value);
    }

    /// Collects the controls of a Faust object (buildUserInterface). [control]
    class ControlCollector : public UI {
    public:
        explicit ControlCollector(const FaustDsp& dsp) : base_(reinterpret_cast<const char*>(&dsp)) {}
        std::vector<FaustControl> controls;

        void openTabBox(const char* label) override { groups_.emplace_back(label); }
        void openHorizontalBox(const char* label) override { groups_.emplace_back(label); }
        void openVerticalBox(const char* label) override { groups_.emplace_back(label); }
        void closeBox() override {
            if (!groups_.empty()) groups_.pop_back();
        }
        void addButton(const char* label, FAUSTFLOAT* zone) override { add(label, zone, 0.0f, 0.0f, 1.0f); }
        void addCheckButton(const char* label, FAUSTFLOAT* zone) override { add(label, zone, 0.0f, 0.0f, 1.0f); }
        void addVerticalSlider(const char* label, FAUSTFLOAT* zone, FAUSTFLOAT init, FAUSTFLOAT min, FAUSTFLOAT max,
                               FAUSTFLOAT) override {
            add(label, zone, init, min, max);
        }
        void addHorizontalSlider(const char* label, FAUSTFLOAT* zone, FAUSTFLOAT init, FAUSTFLOAT min, FAUSTFLOAT max,
                                 FAUSTFLOAT) override {
            add(label, zone, init, min, max);
        }
        void addNumEntry(const char* label, FAUSTFLOAT* zone, FAUSTFLOAT init, FAUSTFLOAT min, FAUSTFLOAT max,
                         FAUSTFLOAT) override {
            add(label, zone, init, min, max);
        }
        void addHorizontalBargraph(const char*, FAUSTFLOAT*, FAUSTFLOAT, FAUSTFLOAT) override {}
        void addVerticalBargraph(const char*, FAUSTFLOAT*, FAUSTFLOAT, FAUSTFLOAT) override {}
        void addSoundfile(const char*, const char*, Soundfile**) override {}
        void declare(FAUSTFLOAT* zone, const char* key, const char* value) override {
            if (zone != nullptr && std::strcmp(key, "unit") == 0) pendingUnits_.push_back({zone, value});
        }

    private:
        void add(const char* label, FAUSTFLOAT* zone, FAUSTFLOAT init, FAUSTFLOAT min, FAUSTFLOAT max) {
            FaustControl control;
            control.groups = groups_;
            control.label = label;
            for (const auto& [unitZone, unit] : pendingUnits_)
                if (unitZone == zone) control.unit = unit;
            control.minValue = shortestDecimal(min);
            control.maxValue = shortestDecimal(max);
            control.defaultValue = shortestDecimal(init);
            control.zoneOffset = static_cast<size_t>(reinterpret_cast<const char*>(zone) - base_);
            controls.push_back(std::move(control));
        }

        const char* base_;
        std::vector<std::string> groups_;
        std::vector<std::pair<FAUSTFLOAT*, std::string>> pendingUnits_;
    };

    /// Collects the program's top-level metadata (declare name/description). [control]
    class MetadataCollector : public Meta {
    public:
        std::string name;
        std::string description;
        void declare(const char* key, const char* value) override {
            if (std::strcmp(key, "name") == 0) name = value;
            if (std::strcmp(key, "description") == 0) description = value;
        }
    };

    /// Words of a label: runs of letters and digits ("Cutoff Frequency (Hz)" → Cutoff, Frequency, Hz).
    std::vector<std::string> words(const std::string& text) {
        std::vector<std::string> result;
        std::string word;
        for (char c : text) {
            if (std::isalnum(static_cast<unsigned char>(c))) {
                word += c;
            } else if (!word.empty()) {
                result.push_back(word);
                word.clear();
            }
        }
        if (!word.empty()) result.push_back(word);
        return result;
    }

    std::string lower(std::string text) {
        for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    }

    /// "Cutoff Frequency" → "cutoffFrequency", "LFO rate" → "lfoRate"; "" when there are no words.
    std::string camelCase(const std::string& label) {
        std::string result;
        for (const std::string& word : words(label)) {
            std::string part = lower(word);
            if (!result.empty()) part[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(part[0])));
            result += part;
        }
        return result;
    }

    /// The suffix a unit adds to a parameter name: dB → Db, Hz → Hz, ms → Ms, s → Seconds, % → Percent,
    /// others their letters and digits with the first one upper case.
    std::string unitSuffix(const std::string& unit) {
        if (unit == "s") return "Seconds";
        if (unit == "%") return "Percent";
        std::string suffix;
        for (const std::string& word : words(unit)) suffix += lower(word);
        if (!suffix.empty()) suffix[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(suffix[0])));
        return suffix;
    }

    /// camelCase label plus the unit suffix unless the label already ends with it.
    std::string parameterName(const std::string& label, const std::string& unit) {
        std::string name = camelCase(label);
        const std::string suffix = unitSuffix(unit);
        const bool hasSuffix =
            name.size() >= suffix.size() && lower(name.substr(name.size() - suffix.size())) == lower(suffix);
        if (!hasSuffix) name += name.empty() ? lower(suffix) : suffix;
        if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) name = "p" + name;
        return name;
    }

    /// Names for every control: the label's name when unique, else prefixed with the enclosing
    /// groups (innermost last, the program's own outer box left out), else numbered. [control]
    std::vector<std::string> uniqueNames(const std::vector<FaustControl>& controls) {
        std::vector<std::string> names;
        for (size_t i = 0; i < controls.size(); ++i) {
            std::string name = parameterName(controls[i].label, controls[i].unit);
            names.push_back(name.empty() ? "parameter" + std::to_string(i) : name);
        }
        auto countOf = [&names](const std::string& name) { return std::count(names.begin(), names.end(), name); };
        std::vector<std::string> prefixed = names;
        for (size_t i = 0; i < controls.size(); ++i) {
            if (countOf(names[i]) < 2) continue;
            std::string prefix;
            for (size_t g = 1; g < controls[i].groups.size(); ++g) {
                const std::string group = camelCase(controls[i].groups[g]);
                if (!group.empty()) prefix += group + ".";
            }
            prefixed[i] = prefix + names[i];
        }
        names = prefixed;
        for (size_t i = 0; i < names.size(); ++i) {
            if (countOf(names[i]) < 2) continue;
            const std::string base = names[i];
            int number = 1;
            for (size_t j = i; j < names.size(); ++j)
                if (names[j] == base) names[j] = base + std::to_string(number++);
        }
        for (std::string& name : names)
            if (name.size() > WG_PROCESSOR_MAX_NAME_LENGTH) name.resize(WG_PROCESSOR_MAX_NAME_LENGTH);
        return names;
    }

    /// The type's tables, built once from a temporary instance; they live as long as the program.
    struct FaustType {
        std::vector<std::string> names;
        std::vector<std::string> units;
        std::vector<size_t> zoneOffsets;
        std::vector<wg_parameter_descriptor> parameters;
        std::string description;
        uint32_t inputChannels[1] = {0};
        uint32_t outputChannels[1] = {0};
        wg_processor_descriptor descriptor{};
    };

    const FaustType& faustType();

    /// One processor instance: the Faust object, by value.
    struct Instance {
        FaustDsp dsp;
        const size_t* zoneOffsets = nullptr;
        uint32_t numParameters = 0;
        FAUSTFLOAT* zone(uint32_t id) {
            return reinterpret_cast<FAUSTFLOAT*>(reinterpret_cast<char*>(&dsp) + zoneOffsets[id]);
        }
    };

    std::mutex classInitMutex;
    int classInitSampleRate = 0;

    void* create() noexcept {  // [control]
        const FaustType& type = faustType();
        auto* instance = new (std::nothrow) Instance();
        if (instance == nullptr) return nullptr;
        instance->zoneOffsets = type.zoneOffsets.data();
        instance->numParameters = static_cast<uint32_t>(type.zoneOffsets.size());
        instance->dsp.instanceResetUserInterface();
        return instance;
    }

    int32_t prepare(void* opaque, double sampleRateHz, uint32_t, uint32_t) noexcept {  // [control]
        const double rounded = std::nearbyint(sampleRateHz);
        if (rounded != sampleRateHz || rounded < 1.0 || rounded > 768000.0) return WG_PROCESSOR_UNSUPPORTED;
        const int sampleRate = static_cast<int>(rounded);
        {
            std::lock_guard<std::mutex> lock(classInitMutex);
            if (classInitSampleRate != sampleRate) {
                FaustDsp::classInit(sampleRate);
                classInitSampleRate = sampleRate;
            }
        }
        auto* instance = static_cast<Instance*>(opaque);
        instance->dsp.instanceConstants(sampleRate);
        instance->dsp.instanceClear();
        return WG_PROCESSOR_OK;
    }

    void reset(void* opaque) noexcept { static_cast<Instance*>(opaque)->dsp.instanceClear(); }  // [audio]

    int32_t process(void* opaque, const float* const* inputs, float* const* outputs,
                    uint32_t frames) noexcept {  // [audio]
        // Faust's compute() takes non-const pointers; it reads its inputs and never writes them.
        static_cast<Instance*>(opaque)->dsp.compute(static_cast<int>(frames), const_cast<FAUSTFLOAT**>(inputs),
                                                    const_cast<FAUSTFLOAT**>(outputs));
        return WG_PROCESSOR_OK;
    }

    int32_t setParameter(void* opaque, uint32_t id, double value, int32_t) noexcept {  // [audio]
        auto* instance = static_cast<Instance*>(opaque);
        if (id >= instance->numParameters) return WG_PROCESSOR_BAD_PARAMETER;
        *instance->zone(id) = static_cast<FAUSTFLOAT>(value);
        return WG_PROCESSOR_OK;
    }

    int32_t copyState(void* destination, const void* source) noexcept {  // [audio]
        static_cast<Instance*>(destination)->dsp = static_cast<const Instance*>(source)->dsp;
        return WG_PROCESSOR_OK;
    }

    void destroy(void* opaque) noexcept { delete static_cast<Instance*>(opaque); }  // [control]

    /// Fills `type` in place (its descriptor points into its own members). [control]
    void buildFaustType(FaustType & type) {
        FaustDsp probe{};
        ControlCollector collector(probe);
        probe.buildUserInterface(&collector);
        MetadataCollector metadata;
        probe.metadata(&metadata);

        type.names = uniqueNames(collector.controls);
        for (const FaustControl& control : collector.controls) {
            type.units.push_back(control.unit);
            type.zoneOffsets.push_back(control.zoneOffset);
        }
        for (size_t i = 0; i < collector.controls.size(); ++i) {
            const FaustControl& control = collector.controls[i];
            type.parameters.push_back({type.names[i].c_str(), type.units[i].c_str(), control.minValue, control.maxValue,
                                       control.defaultValue, WG_PARAMETER_STEPPED});
        }
        type.description = !metadata.description.empty() ? metadata.description
                           : !metadata.name.empty()
                               ? "Faust program '" + metadata.name + "' (" WAVEGRAPH_FAUST_SOURCE_NAME ")"
                               : "Faust program " WAVEGRAPH_FAUST_SOURCE_NAME;
        type.inputChannels[0] = static_cast<uint32_t>(probe.getNumInputs());
        type.outputChannels[0] = static_cast<uint32_t>(probe.getNumOutputs());

        wg_processor_descriptor& d = type.descriptor;
        d.abi_major = WG_PROCESSOR_ABI_MAJOR;
        d.abi_minor = WG_PROCESSOR_ABI_MINOR;
        d.struct_size = static_cast<uint32_t>(sizeof(wg_processor_descriptor));
        d.type_name = WAVEGRAPH_FAUST_TYPE_NAME;
        d.description = type.description.c_str();
        d.num_inputs = type.inputChannels[0] > 0 ? 1u : 0u;
        d.num_outputs = 1;
        d.input_channels = d.num_inputs > 0 ? type.inputChannels : nullptr;
        d.output_channels = type.outputChannels;
        d.num_parameters = static_cast<uint32_t>(type.parameters.size());
        d.parameters = type.parameters.empty() ? nullptr : type.parameters.data();
        d.create = &create;
        d.prepare = &prepare;
        d.reset = &reset;
        d.process = &process;
        d.set_parameter = &setParameter;
        d.copy_state = &copyState;
        d.destroy = &destroy;
    }

    const FaustType& faustType() {  // [control] first call; [any] after
        static FaustType type;
        static const bool built = (buildFaustType(type), true);
        (void)built;
        return type;
    }

}  // namespace

extern "C" WG_PROCESSOR_EXPORT const wg_processor_descriptor* WAVEGRAPH_FAUST_DESCRIPTOR(void) {  // [control]
    return &faustType().descriptor;
}

#ifndef WAVEGRAPH_FAUST_NO_ENTRY
extern "C" WG_PROCESSOR_EXPORT const wg_processor_descriptor* wavegraph_processor_entry(uint32_t index) {  // [control]
    return index == 0 ? WAVEGRAPH_FAUST_DESCRIPTOR() : nullptr;
}
#endif
