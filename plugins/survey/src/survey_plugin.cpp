// Surveys: questionnaires sent to contacts and answered on a public page.
// Entities, workflows, views, menus and grants are declared in plugin.yaml; invitations and
// the /s/{token} page come in a later issue.
#include "survey_manifest.hpp"

#include <rapport/sdk/plugin.hpp>

namespace rapport::survey {

class SurveyPlugin final : public sdk::Plugin {};

}  // namespace rapport::survey

RAPPORT_PLUGIN(rapport::survey::SurveyPlugin, "survey", "1.0.0", rapport::survey::manifest_yaml)
