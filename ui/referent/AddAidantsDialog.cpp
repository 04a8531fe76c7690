#include "AddAidantsDialog.h"

#include "PageHelpers.h"
#include "ReferentLogging.h"
#include "ReferentText.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace {
constexpr int kMaxRows = 50; // the server's limit per call

QLineEdit *lineEdit(QWidget *parent, QFormLayout *form, const QString &label)
{
    auto *edit = new QLineEdit(parent);
    edit->setMaxLength(150);
    auto *text = new QLabel(label, parent);
    text->setBuddy(edit);
    form->addRow(text, edit);
    return edit;
}

QWidget *scrolling(QWidget *parent, QWidget *content, const QString &name)
{
    auto *area = new QScrollArea(parent);
    area->setObjectName(name);
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setFocusPolicy(Qt::NoFocus);
    return area;
}
} // namespace

AddAidantsDialog::AddAidantsDialog(ApiClient *api, qint64 organisationId, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_organisationId(organisationId)
{
    setObjectName(QStringLiteral("AddAidantsDialog"));
    setWindowTitle(tr("Ajouter un aidant"));
    setAttribute(Qt::WA_DeleteOnClose);
    setMinimumSize(720, 620);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("Ajouter un aidant"), this);
    title->setObjectName(QStringLiteral("titleLabel"));
    title->setProperty("role", QStringLiteral("title"));
    layout->addWidget(title);

    auto *pathGroup = new QGroupBox(tr("La personne à ajouter :"), this);
    pathGroup->setObjectName(QStringLiteral("pathGroupBox"));
    auto *pathLayout = new QVBoxLayout(pathGroup);
    m_newAidantRadio = new QRadioButton(
        tr("n'a &pas encore été formée : demande d'habilitation (formation puis accès)"), pathGroup);
    m_newAidantRadio->setObjectName(QStringLiteral("newAidantRadioButton"));
    m_newAidantRadio->setAccessibleName(tr("La personne n'a pas encore été formée : demande d'habilitation"));
    m_changeRadio = new QRadioButton(
        tr("est &déjà aidant habilité dans une autre structure : demande de changement de structure"),
        pathGroup);
    m_changeRadio->setObjectName(QStringLiteral("changeStructureRadioButton"));
    m_changeRadio->setAccessibleName(tr("La personne est déjà aidant habilité dans une autre structure : "
                                        "demande de changement de structure"));
    auto *group = new QButtonGroup(this);
    group->addButton(m_newAidantRadio);
    group->addButton(m_changeRadio);
    m_newAidantRadio->setChecked(true);
    pathLayout->addWidget(m_newAidantRadio);
    pathLayout->addWidget(m_changeRadio);
    layout->addWidget(pathGroup);
    connect(m_newAidantRadio, &QRadioButton::toggled, this, &AddAidantsDialog::showPath);

    m_paths = new QStackedWidget(this);
    m_paths->setObjectName(QStringLiteral("pathsStackedWidget"));
    layout->addWidget(m_paths, 1);

    // Not yet trained: habilitation requests.
    m_habilitationPage = new QWidget(m_paths);
    m_habilitationPage->setObjectName(QStringLiteral("habilitationPage"));
    auto *habilitationLayout = new QVBoxLayout(m_habilitationPage);
    habilitationLayout->setContentsMargins(0, 0, 0, 0);
    auto *eligibility = new QLabel(
        tr("Seuls les professionnels de la structure peuvent devenir aidants habilités : les bénévoles et "
           "les volontaires en service civique ne sont pas éligibles. Après validation de la demande par "
           "Aidants Connect, vous inscrirez chaque personne à une formation."),
        m_habilitationPage);
    eligibility->setObjectName(QStringLiteral("eligibilityLabel"));
    eligibility->setProperty("role", QStringLiteral("hint"));
    eligibility->setWordWrap(true);
    habilitationLayout->addWidget(eligibility);
    auto *rows = new QWidget(m_habilitationPage);
    rows->setObjectName(QStringLiteral("habilitationRowsWidget"));
    m_habilitationRowsLayout = new QVBoxLayout(rows);
    m_habilitationRowsLayout->addStretch();
    habilitationLayout->addWidget(
        scrolling(m_habilitationPage, rows, QStringLiteral("habilitationScrollArea")), 1);
    m_addHabilitationRowButton = new QPushButton(tr("A&jouter une autre personne"), m_habilitationPage);
    m_addHabilitationRowButton->setObjectName(QStringLiteral("addHabilitationRowPushButton"));
    m_addHabilitationRowButton->setAccessibleName(tr("Ajouter une autre personne à former"));
    m_addHabilitationRowButton->setAutoDefault(false);
    auto *addLayout = new QHBoxLayout;
    addLayout->addWidget(m_addHabilitationRowButton);
    addLayout->addStretch();
    habilitationLayout->addLayout(addLayout);
    m_professionalCheckBox = new QCheckBox(
        tr("Je certifie que ces personnes sont des &professionnels de la structure (ni bénévoles, ni "
           "volontaires en service civique)."),
        m_habilitationPage);
    m_professionalCheckBox->setObjectName(QStringLiteral("professionalCheckBox"));
    m_professionalCheckBox->setAccessibleName(
        tr("Je certifie que ces personnes sont des professionnels de la "
           "structure, ni bénévoles, ni volontaires en service civique"));
    habilitationLayout->addWidget(m_professionalCheckBox);
    m_paths->addWidget(m_habilitationPage);
    connect(m_addHabilitationRowButton, &QPushButton::clicked, this, [this] {
        addHabilitationRow();
        m_habilitationRows.constLast().firstName->setFocus();
    });

    // Already habilitated elsewhere: structure change requests.
    m_changePage = new QWidget(m_paths);
    m_changePage->setObjectName(QStringLiteral("changePage"));
    auto *changeLayout = new QVBoxLayout(m_changePage);
    changeLayout->setContentsMargins(0, 0, 0, 0);
    auto *changeHint = new QLabel(
        tr("Indiquez l'adresse email de son compte Aidants Connect actuel. Une fois la demande validée par "
           "Aidants Connect, l'aidant rejoint votre structure et quitte la précédente. Vous pouvez lui "
           "donner "
           "une nouvelle adresse email (facultatif)."),
        m_changePage);
    changeHint->setObjectName(QStringLiteral("changeHintLabel"));
    changeHint->setProperty("role", QStringLiteral("hint"));
    changeHint->setWordWrap(true);
    changeLayout->addWidget(changeHint);
    auto *changeRows = new QWidget(m_changePage);
    changeRows->setObjectName(QStringLiteral("changeRowsWidget"));
    m_changeRowsLayout = new QVBoxLayout(changeRows);
    m_changeRowsLayout->addStretch();
    changeLayout->addWidget(scrolling(m_changePage, changeRows, QStringLiteral("changeScrollArea")), 1);
    m_addChangeRowButton = new QPushButton(tr("Ajouter un &autre aidant"), m_changePage);
    m_addChangeRowButton->setObjectName(QStringLiteral("addChangeRowPushButton"));
    m_addChangeRowButton->setAccessibleName(tr("Ajouter un autre aidant habilité dans une autre structure"));
    m_addChangeRowButton->setAutoDefault(false);
    auto *addChangeLayout = new QHBoxLayout;
    addChangeLayout->addWidget(m_addChangeRowButton);
    addChangeLayout->addStretch();
    changeLayout->addLayout(addChangeLayout);
    m_paths->addWidget(m_changePage);
    connect(m_addChangeRowButton, &QPushButton::clicked, this, [this] {
        addChangeRow();
        m_changeRows.constLast().email->setFocus();
    });

    m_errorLabel = PageHelpers::addErrorLabel(this, layout);
    m_errorLabel->setObjectName(QStringLiteral("addAidantsErrorLabel"));
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    auto *cancel = new QPushButton(tr("Annuler"), this);
    cancel->setObjectName(QStringLiteral("cancelPushButton"));
    cancel->setAccessibleName(tr("Annuler l'ajout d'aidants"));
    cancel->setAutoDefault(false);
    buttons->addWidget(cancel);
    m_submitButton = new QPushButton(tr("&Envoyer la demande"), this);
    m_submitButton->setObjectName(QStringLiteral("submitPushButton"));
    m_submitButton->setAccessibleName(tr("Envoyer la demande"));
    m_submitButton->setAutoDefault(false);
    buttons->addWidget(m_submitButton);
    layout->addLayout(buttons);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_submitButton, &QPushButton::clicked, this, &AddAidantsDialog::submit);

    addHabilitationRow();
    addChangeRow();
    showPath();
    m_newAidantRadio->setFocus();
}

AddAidantsDialog::~AddAidantsDialog() = default;

void AddAidantsDialog::showPath()
{
    const bool habilitation = m_newAidantRadio->isChecked();
    m_paths->setCurrentWidget(habilitation ? m_habilitationPage : m_changePage);
    m_submitButton->setAccessibleName(habilitation ? tr("Envoyer la demande d'habilitation")
                                                   : tr("Envoyer la demande de changement de structure"));
    showError(QString());
}

void AddAidantsDialog::addHabilitationRow()
{
    if (m_habilitationRows.size() >= kMaxRows)
        return;
    HabilitationRow row;
    row.box = new QGroupBox(m_habilitationRowsLayout->parentWidget());
    auto *form = new QFormLayout(row.box);
    row.firstName = lineEdit(row.box, form, tr("Prénom :"));
    row.lastName = lineEdit(row.box, form, tr("Nom :"));
    row.email = lineEdit(row.box, form, tr("Email :"));
    row.email->setMaxLength(254);
    row.email->setInputMethodHints(Qt::ImhEmailCharactersOnly);
    row.profession = lineEdit(row.box, form, tr("Profession :"));
    row.conseillerNumerique = new QCheckBox(tr("Conseiller numérique"), row.box);
    form->addRow(QString(), row.conseillerNumerique);
    row.remove = new QPushButton(tr("Retirer"), row.box);
    row.remove->setAutoDefault(false);
    auto *removeLayout = new QHBoxLayout;
    removeLayout->addStretch();
    removeLayout->addWidget(row.remove);
    form->addRow(removeLayout);
    QGroupBox *box = row.box;
    connect(row.remove, &QPushButton::clicked, this, [this, box] { removeHabilitationRow(box); });
    m_habilitationRowsLayout->insertWidget(m_habilitationRowsLayout->count() - 1, row.box);
    row.box->show(); // now, so that the focus can go to it at once
    if (!m_habilitationRows.isEmpty()) {
        setTabOrder(m_habilitationRows.constLast().remove, row.firstName);
        setTabOrder(row.remove, m_addHabilitationRowButton);
    }
    m_habilitationRows.append(row);
    renumber();
}

void AddAidantsDialog::addChangeRow()
{
    if (m_changeRows.size() >= kMaxRows)
        return;
    ChangeRow row;
    row.box = new QGroupBox(m_changeRowsLayout->parentWidget());
    auto *form = new QFormLayout(row.box);
    row.email = lineEdit(row.box, form, tr("Email actuel :"));
    row.newEmail = lineEdit(row.box, form, tr("Nouvel email (facultatif) :"));
    for (QLineEdit *edit : { row.email, row.newEmail }) {
        edit->setMaxLength(254);
        edit->setInputMethodHints(Qt::ImhEmailCharactersOnly);
    }
    row.remove = new QPushButton(tr("Retirer"), row.box);
    row.remove->setAutoDefault(false);
    auto *removeLayout = new QHBoxLayout;
    removeLayout->addStretch();
    removeLayout->addWidget(row.remove);
    form->addRow(removeLayout);
    QGroupBox *box = row.box;
    connect(row.remove, &QPushButton::clicked, this, [this, box] { removeChangeRow(box); });
    m_changeRowsLayout->insertWidget(m_changeRowsLayout->count() - 1, row.box);
    row.box->show();
    if (!m_changeRows.isEmpty()) {
        setTabOrder(m_changeRows.constLast().remove, row.email);
        setTabOrder(row.remove, m_addChangeRowButton);
    }
    m_changeRows.append(row);
    renumber();
}

void AddAidantsDialog::removeHabilitationRow(QGroupBox *box)
{
    for (int i = 0; i < m_habilitationRows.size(); ++i) {
        if (m_habilitationRows.at(i).box != box)
            continue;
        m_habilitationRows.removeAt(i);
        box->hide();
        box->deleteLater();
        renumber();
        const int next = qMin(i, int(m_habilitationRows.size()) - 1);
        (next >= 0 ? static_cast<QWidget *>(m_habilitationRows.at(next).firstName)
                   : m_addHabilitationRowButton)
            ->setFocus();
        return;
    }
}

void AddAidantsDialog::removeChangeRow(QGroupBox *box)
{
    for (int i = 0; i < m_changeRows.size(); ++i) {
        if (m_changeRows.at(i).box != box)
            continue;
        m_changeRows.removeAt(i);
        box->hide();
        box->deleteLater();
        renumber();
        const int next = qMin(i, int(m_changeRows.size()) - 1);
        (next >= 0 ? static_cast<QWidget *>(m_changeRows.at(next).email) : m_addChangeRowButton)->setFocus();
        return;
    }
}

/// Row titles, object names (suffix: the row's number from 1) and accessible names follow the order.
void AddAidantsDialog::renumber()
{
    for (int i = 0; i < m_habilitationRows.size(); ++i) {
        const HabilitationRow &row = m_habilitationRows.at(i);
        const QString n = QString::number(i + 1);
        const QString who = tr("personne %1").arg(n);
        row.box->setTitle(tr("Personne %1").arg(n));
        row.box->setObjectName(QStringLiteral("habilitationRowGroupBox") + n);
        const QList<QPair<QLineEdit *, QPair<QString, QString>>> edits {
            { row.firstName, { QStringLiteral("firstNameLineEdit"), tr("Prénom de la %1").arg(who) } },
            { row.lastName, { QStringLiteral("lastNameLineEdit"), tr("Nom de la %1").arg(who) } },
            { row.email, { QStringLiteral("emailLineEdit"), tr("Email de la %1").arg(who) } },
            { row.profession, { QStringLiteral("professionLineEdit"), tr("Profession de la %1").arg(who) } },
        };
        for (const auto &edit : edits) {
            edit.first->setObjectName(edit.second.first + n);
            edit.first->setAccessibleName(edit.second.second);
        }
        row.conseillerNumerique->setObjectName(QStringLiteral("conseillerNumeriqueCheckBox") + n);
        row.conseillerNumerique->setAccessibleName(tr("La %1 est conseiller numérique").arg(who));
        row.remove->setObjectName(QStringLiteral("removeHabilitationRowPushButton") + n);
        row.remove->setAccessibleName(tr("Retirer la %1 de la liste").arg(who));
        row.remove->setEnabled(m_habilitationRows.size() > 1);
    }
    for (int i = 0; i < m_changeRows.size(); ++i) {
        const ChangeRow &row = m_changeRows.at(i);
        const QString n = QString::number(i + 1);
        row.box->setTitle(tr("Aidant %1").arg(n));
        row.box->setObjectName(QStringLiteral("changeRowGroupBox") + n);
        row.email->setObjectName(QStringLiteral("currentEmailLineEdit") + n);
        row.email->setAccessibleName(tr("Email actuel de l'aidant %1").arg(n));
        row.newEmail->setObjectName(QStringLiteral("newEmailLineEdit") + n);
        row.newEmail->setAccessibleName(tr("Nouvel email de l'aidant %1, facultatif").arg(n));
        row.remove->setObjectName(QStringLiteral("removeChangeRowPushButton") + n);
        row.remove->setAccessibleName(tr("Retirer l'aidant %1 de la liste").arg(n));
        row.remove->setEnabled(m_changeRows.size() > 1);
    }
    m_addHabilitationRowButton->setEnabled(m_habilitationRows.size() < kMaxRows);
    m_addChangeRowButton->setEnabled(m_changeRows.size() < kMaxRows);
    ReferentText::nameInternalButtons(this);
}

void AddAidantsDialog::submit()
{
    if (m_busy)
        return;
    if (m_newAidantRadio->isChecked())
        submitHabilitation();
    else
        submitChanges();
}

void AddAidantsDialog::submitHabilitation()
{
    QList<ApiClient::NewHabilitationAidant> aidants;
    for (int i = 0; i < m_habilitationRows.size(); ++i) {
        const HabilitationRow &row = m_habilitationRows.at(i);
        const QList<QPair<QLineEdit *, QString>> required {
            { row.firstName, tr("le prénom") },
            { row.lastName, tr("le nom") },
            { row.email, tr("l'email") },
            { row.profession, tr("la profession") },
        };
        for (const auto &field : required) {
            if (field.first->text().trimmed().isEmpty()) {
                showError(tr("Renseignez %1 de la personne %2.").arg(field.second).arg(i + 1), field.first);
                return;
            }
        }
        ApiClient::NewHabilitationAidant aidant;
        aidant.firstName = row.firstName->text().trimmed();
        aidant.lastName = row.lastName->text().trimmed();
        aidant.email = row.email->text().trimmed();
        aidant.profession = row.profession->text().trimmed();
        aidant.conseillerNumerique = row.conseillerNumerique->isChecked();
        aidant.professional = m_professionalCheckBox->isChecked();
        aidants.append(aidant);
    }
    if (!m_professionalCheckBox->isChecked()) {
        showError(tr("Seuls les professionnels peuvent être habilités : cochez la case qui le certifie (les "
                     "bénévoles et les volontaires en service civique ne sont pas éligibles)."),
            m_professionalCheckBox);
        return;
    }
    setBusy(true);
    qCInfo(lcUiReferent) << "habilitation requests sent:" << aidants.size();
    m_api->createHabilitationRequests(
        m_organisationId, aidants, this, [this](const Result<ApiClient::HabilitationRequestList> &result) {
            setBusy(false);
            if (!result) {
                showError(result.error().message);
                return;
            }
            emit habilitationRequestsCreated(result.value().requests);
            accept();
        });
}

void AddAidantsDialog::submitChanges()
{
    QList<ApiClient::StructureChangeEmail> emails;
    for (int i = 0; i < m_changeRows.size(); ++i) {
        const ChangeRow &row = m_changeRows.at(i);
        if (row.email->text().trimmed().isEmpty()) {
            showError(tr("Renseignez l'email actuel de l'aidant %1.").arg(i + 1), row.email);
            return;
        }
        emails.append({ row.email->text().trimmed(), row.newEmail->text().trimmed() });
    }
    setBusy(true);
    qCInfo(lcUiReferent) << "structure change requests sent:" << emails.size();
    m_api->createStructureChanges(
        m_organisationId, emails, this, [this](const Result<ApiClient::StructureChangeList> &result) {
            setBusy(false);
            if (!result) {
                showError(result.error().message);
                return;
            }
            emit structureChangesCreated(result.value().changes);
            accept();
        });
}

void AddAidantsDialog::showError(const QString &message, QWidget *focus)
{
    PageHelpers::showError(m_errorLabel, message);
    if (focus)
        focus->setFocus();
}

void AddAidantsDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_submitButton->setEnabled(!busy);
}
