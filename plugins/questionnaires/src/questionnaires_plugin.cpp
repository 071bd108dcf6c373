// Questionnaires and their responses; Customer Profiling and Survey build on them.
// Entities, views, menus and grants are declared in plugin.yaml; the submit_response action
// comes in a later issue.
#include "questionnaires_manifest.hpp"

#include <rapport/sdk/plugin.hpp>

namespace rapport::questionnaires {

class QuestionnairesPlugin final : public sdk::Plugin {};

}  // namespace rapport::questionnaires

RAPPORT_PLUGIN(rapport::questionnaires::QuestionnairesPlugin, "questionnaires", "1.0.0",
               rapport::questionnaires::manifest_yaml)
